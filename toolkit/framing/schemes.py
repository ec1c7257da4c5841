"""Frame schemes as data: names, descriptions, seed words, and mappings between schemes.

A :class:`FrameScheme` is an ordered set of :class:`Frame` s. Built-in schemes (:func:`load_scheme` by name):

``policy_frames``
    The 15 dimensions of the Policy Frames Codebook (Boydstun et al. 2014), in MFC code order (1-15),
    named as SemEval-2023 Task 3 names them (``Economic`` … ``External_regulation_and_reputation``, ``Other``).
``semeval2023``
    The 14 policy frames SemEval-2023 Task 3 subtask 2 uses (the codebook without ``Other``).
``narrative_frames``
    Generic news frames after Semetko & Valkenburg (2000), as coded in the climate narrative-frames corpus:
    ``resolution``, ``human_interest``, ``conflict``, ``moral``, ``economic``.
``gvfc``
    The 9 issue-specific frames of the Gun Violence Frame Corpus (Liu et al. 2019), in codebook order.

User schemes come from a YAML or JSON file (:func:`load_scheme` with a path, or :func:`scheme_from_dict`)::

    name: my_scheme
    description: optional text
    frames:
      - name: Diplomacy
        description: talks, envoys, negotiations
        seed_words: [talks, envoy, negotiation]
      - name: Military          # a frame may also be just a string
    mapping: {policy_frames: {Diplomacy: External_regulation_and_reputation}}   # optional

Frame names are matched loosely everywhere (:meth:`FrameScheme.canonical`): case and punctuation do not
matter, so ``"crime_and_punishment"``, ``"Crime and punishment"`` and ``"Crime_and_punishment"`` all name
the same frame. Seed words of the built-in schemes are short hand-written lists taken from the codebook
definitions (not learned from any corpus); :mod:`toolkit.framing.lexicons` learns longer lexicons from data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_NON_ALNUM = re.compile(r"[\W_]+")


class SchemeError(ValueError):
    """A frame scheme, or a label checked against one, is not valid."""


def frame_key(name: object) -> str:
    """Loose key of a frame name: lower case, runs of non-alphanumerics become ``_``.

    >>> frame_key("Legality, Constitutionality and jurisprudence")
    'legality_constitutionality_and_jurisprudence'
    """
    return _NON_ALNUM.sub("_", str(name).lower()).strip("_")


@dataclass(frozen=True)
class Frame:
    """One frame of a scheme.

    Attributes
    ----------
    name : str
        The canonical name (used in predictions and output tables).
    description : str
        What a coder looks for.
    seed_words : tuple of str
        Optional indicative words (lower case), for lexicons and weak labels.
    code : str or None
        The scheme's own code (MFC ``"1"`` … ``"15"``, GVFC ``"1"`` … ``"9"``).
    """

    name: str
    description: str = ""
    seed_words: tuple[str, ...] = ()
    code: str | None = None


@dataclass(frozen=True)
class FrameScheme:
    """An ordered set of frames plus optional mappings to other schemes.

    Attributes
    ----------
    name : str
        Scheme name (``scheme`` column of frame tables).
    frames : tuple of Frame
        In codebook order.
    description : str
        Free text (source, citation).
    mapping : dict
        ``{other_scheme: {frame_of_this_scheme: frame_of_other_scheme}}``.
    """

    name: str
    frames: tuple[Frame, ...]
    description: str = ""
    mapping: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name or not str(self.name).strip():
            raise SchemeError("a frame scheme needs a non-empty name; found an empty one")
        if not self.frames:
            raise SchemeError(f"scheme {self.name!r}: expected at least one frame, found none")
        seen: dict[str, str] = {}
        for frame in self.frames:
            key = frame_key(frame.name)
            if not key:
                raise SchemeError(f"scheme {self.name!r}: a frame has an empty name")
            if key in seen:
                raise SchemeError(
                    f"scheme {self.name!r}: duplicate frame {frame.name!r} (same as {seen[key]!r} once case and "
                    f"punctuation are ignored); give every frame a distinct name")
            seen[key] = frame.name

    # -- lookups -------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Canonical frame names in scheme order."""
        return [f.name for f in self.frames]

    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self):
        return iter(self.frames)

    def __contains__(self, label: object) -> bool:
        return frame_key(label) in self._keys()

    def _keys(self) -> dict[str, str]:
        keys = {frame_key(f.name): f.name for f in self.frames}
        for f in self.frames:  # codes too ("7" -> Crime_and_punishment)
            if f.code is not None:
                keys.setdefault(frame_key(f.code), f.name)
        return keys

    def canonical(self, label: object) -> str:
        """The canonical name of ``label`` (matched loosely, or by code).

        Raises
        ------
        SchemeError
            When the label names no frame of the scheme.
        """
        key = frame_key(label)
        keys = self._keys()
        if key not in keys:
            raise SchemeError(
                f"label {label!r} is not a frame of scheme {self.name!r}; expected one of {self.names}. "
                f"Map it to one of these names, or extend the scheme file.")
        return keys[key]

    def canonical_labels(self, labels: Iterable[object]) -> list[str]:
        """Canonical names of many labels; the error lists every unknown label at once."""
        labels = list(labels)
        keys = self._keys()
        unknown = sorted({str(x) for x in labels if frame_key(x) not in keys})
        if unknown:
            raise SchemeError(
                f"{len(unknown)} label(s) not in scheme {self.name!r}: {unknown[:10]}; expected names from "
                f"{self.names}. Map them to scheme names, or extend the scheme file.")
        return [keys[frame_key(x)] for x in labels]

    def frame(self, label: object) -> Frame:
        """The :class:`Frame` named by ``label``."""
        name = self.canonical(label)
        return next(f for f in self.frames if f.name == name)

    @property
    def seed_words(self) -> dict[str, list[str]]:
        """``{frame: seed words}`` for frames that have any."""
        return {f.name: list(f.seed_words) for f in self.frames if f.seed_words}

    def to_dict(self) -> dict:
        """A plain dict that :func:`scheme_from_dict` reads back (YAML / JSON ready)."""
        frames = []
        for f in self.frames:
            item: dict = {"name": f.name}
            if f.description:
                item["description"] = f.description
            if f.seed_words:
                item["seed_words"] = list(f.seed_words)
            if f.code is not None:
                item["code"] = f.code
            frames.append(item)
        out: dict = {"name": self.name, "description": self.description, "frames": frames}
        if self.mapping:
            out["mapping"] = {k: dict(v) for k, v in self.mapping.items()}
        return out

    def table(self) -> "pd.DataFrame":  # noqa: F821
        """The scheme as a table: ``scheme, code, frame, description, seed_words`` (``;``-joined)."""
        import pandas as pd

        return pd.DataFrame({
            "scheme": self.name, "code": [f.code for f in self.frames], "frame": self.names,
            "description": [f.description for f in self.frames],
            "seed_words": ["; ".join(f.seed_words) for f in self.frames],
        })


# -- reading schemes -----------------------------------------------------------------------------

def scheme_from_dict(data: Mapping, *, source: str = "<dict>") -> FrameScheme:
    """Build a scheme from a dict (the YAML/JSON layout in the module docstring).

    Raises
    ------
    SchemeError
        Missing ``name`` or ``frames``, a frame without a name, duplicate frames, or a mapping that
        names a frame the scheme does not have.
    """
    if not isinstance(data, Mapping):
        raise SchemeError(f"{source}: expected a mapping with 'name' and 'frames', found {type(data).__name__}")
    missing = [k for k in ("name", "frames") if k not in data]
    if missing:
        raise SchemeError(f"{source}: expected keys 'name' and 'frames', missing {missing}; see "
                          f"toolkit.framing.schemes for the layout")
    raw_frames = data["frames"]
    if not isinstance(raw_frames, Sequence) or isinstance(raw_frames, str):
        raise SchemeError(f"{source}: 'frames' must be a list, found {type(raw_frames).__name__}")
    frames = []
    for i, item in enumerate(raw_frames, start=1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, Mapping) or not str(item.get("name") or "").strip():
            raise SchemeError(f"{source}: frame #{i} has no name (found {item!r}); every frame needs 'name'")
        seeds = item.get("seed_words") or ()
        if isinstance(seeds, str):
            seeds = [s for s in re.split(r"[;,]", seeds)]
        frames.append(Frame(
            name=str(item["name"]).strip(), description=str(item.get("description") or "").strip(),
            seed_words=tuple(s.strip().lower() for s in seeds if str(s).strip()),
            code=None if item.get("code") is None else str(item["code"]),
        ))
    unknown_keys = set(data) - {"name", "frames", "description", "mapping"}
    if unknown_keys:
        raise SchemeError(f"{source}: unknown key(s) {sorted(unknown_keys)}; expected name, description, "
                          f"frames, mapping")
    scheme = FrameScheme(str(data["name"]), tuple(frames), str(data.get("description") or ""),
                         {str(k): {str(a): str(b) for a, b in dict(v).items()}
                          for k, v in dict(data.get("mapping") or {}).items()})
    for other, pairs in scheme.mapping.items():
        for mine in pairs:
            if mine not in scheme:
                raise SchemeError(f"{source}: mapping to {other!r} names {mine!r}, which is not a frame of "
                                  f"{scheme.name!r} (frames: {scheme.names})")
    return scheme


def read_data_file(path: str | Path, *, what: str = "scheme", error: type[Exception] = SchemeError):
    """The parsed content of a ``.yaml``/``.yml`` or ``.json`` file (safe YAML loader).

    Parameters
    ----------
    path : str or Path
    what : str
        What the file holds, for messages (``"scheme"``, ``"axes"`` …).
    error : exception class
        Raised when the file is missing, has another suffix, or does not parse.
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{what} file {path} not found; expected a .yaml/.yml or .json file")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise error(f"{path}: not valid YAML: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"{path}: not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    raise error(f"{path}: expected a .yaml, .yml or .json file, found suffix {path.suffix!r}")


def read_scheme(path: str | Path) -> FrameScheme:
    """Read a user scheme from a ``.yaml``/``.yml`` or ``.json`` file."""
    return scheme_from_dict(read_data_file(path), source=str(Path(path)))


def write_scheme(scheme: FrameScheme, path: str | Path) -> Path:
    """Write ``scheme`` as YAML (``.yaml``/``.yml``) or JSON; :func:`read_scheme` reads it back."""
    path = Path(path)
    data = scheme.to_dict()
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    else:
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# -- built-in schemes ----------------------------------------------------------------------------

_POLICY = [
    ("Economic", "costs, benefits, or other financial implications",
     "economy economic cost costs budget tax taxes financial money price prices market trade jobs spending billion"),
    ("Capacity_and_resources", "availability of physical, human or financial resources, and capacity of systems",
     "resources capacity shortage shortages supply supplies staff infrastructure equipment lack funding"),
    ("Morality", "religious or ethical implications",
     "moral morality ethical religious religion faith god church sin evil duty conscience values"),
    ("Fairness_and_equality", "balance or distribution of rights, responsibilities and resources; equality",
     "fair fairness unfair equality inequality equal discrimination rights justice bias racism minority"),
    ("Legality_Constitutionality_and_jurisprudence",
     "rights, freedoms and authority of individuals, corporations and government; courts and the law",
     "court courts law legal illegal constitution constitutional judge ruling lawsuit supreme rights attorney"),
    ("Policy_prescription_and_evaluation", "specific policies aimed at addressing problems, and whether they work",
     "policy policies plan proposal reform measure program strategy regulation bill approach"),
    ("Crime_and_punishment", "violation of policies in practice and the consequences",
     "crime criminal police arrest arrested prison jail charged sentence murder fraud investigation"),
    ("Security_and_defense", "threats to the welfare of the individual, community or nation",
     "security military war defense defence army attack troops weapons threat terrorism missile nato"),
    ("Health_and_safety", "health care, sanitation, public safety",
     "health disease virus vaccine hospital medical doctors safety pandemic covid patients deaths"),
    ("Quality_of_life", "threats and opportunities for individuals' wealth, happiness and well-being",
     "life lives family families community people living children home poverty wellbeing"),
    ("Cultural_identity", "traditions, customs or values of a social group in relation to a policy issue",
     "culture cultural identity tradition traditions heritage language history national nation values"),
    ("Public_opinion", "attitudes and opinions of the general public, including polling and demographics",
     "poll polls public opinion survey voters protest protests support majority percent"),
    ("Political", "considerations related to politics and politicians: lobbying, elections, partisan filibusters",
     "political politics election party president democrats republicans congress senate vote campaign"),
    ("External_regulation_and_reputation", "international reputation or foreign policy; relations between states",
     "international foreign countries sanctions diplomatic relations allies ukraine russia china treaty"),
    ("Other", "any frames that do not fit into the above categories", ""),
]
_NARRATIVE = [
    ("resolution", "a problem and its solution, or who is responsible for solving it",
     "solution solve solutions plan action address tackle reduce"),
    ("human_interest", "a human face, an individual's story or emotional angle",
     "family families people children story life lives personal"),
    ("conflict", "disagreement between individuals, groups, institutions or countries",
     "conflict fight dispute clash oppose opponents critics attack battle"),
    ("moral", "moral messages, religious tenets, prescriptions of how to behave",
     "moral morality should must ethical responsibility god faith"),
    ("economic", "financial consequences for an individual, group, institution, region or country",
     "economic economy cost costs money billion jobs financial"),
]
_GVFC = [
    ("gun_2nd_amendment_rights", "gun rights, the Second Amendment", "rights amendment 2nd second nra owners"),
    ("gun_control_regulation", "gun control, regulation, background checks, bans",
     "control ban background checks law laws regulation legislation"),
    ("politics", "politicians, parties, elections and political fights over guns",
     "trump president democrats republicans congress senate vote election"),
    ("mental_health", "mental illness and health of shooters or victims", "mental health illness ill"),
    ("school_or_public_space_safety", "safety of schools and public places", "school schools students teachers safety"),
    ("race_ethnicity", "race or ethnicity of shooters or victims, racism", "black white race racist police"),
    ("public_opinion", "public reactions, protests, polls, vigils", "protest march poll vigil walkout support"),
    ("society_culture", "violence in society and culture: media, games, norms", "culture society video games media"),
    ("economic_consequences", "financial and economic aspects: sales, stocks, costs",
     "sales stocks business money cost"),
]


def _built(name: str, rows, description: str, codes: bool = True) -> FrameScheme:
    return FrameScheme(name, tuple(Frame(n, d, tuple(s.split()), str(i) if codes else None)
                                   for i, (n, d, s) in enumerate(rows, start=1)), description)


POLICY_FRAMES = _built("policy_frames", _POLICY, "Policy Frames Codebook (Boydstun et al. 2014): 15 dimensions, "
                       "MFC codes 1-15, SemEval-2023 spelling of the names.")
SEMEVAL2023 = _built("semeval2023", _POLICY[:14], "SemEval-2023 Task 3 subtask 2: the 14 policy frames "
                     "(the codebook without Other); codes are MFC codes.")
NARRATIVE_FRAMES = _built("narrative_frames", _NARRATIVE, "Generic news frames after Semetko & Valkenburg (2000) "
                          "as coded by the climate narrative-frames corpus.", codes=False)
GVFC = _built("gvfc", _GVFC, "Gun Violence Frame Corpus (Liu et al. 2019): 9 issue-specific frames, codes 1-9.")
BUILTIN_SCHEMES: dict[str, FrameScheme] = {s.name: s for s in (POLICY_FRAMES, SEMEVAL2023, NARRATIVE_FRAMES, GVFC)}


def load_scheme(scheme: str | Path | FrameScheme | Mapping) -> FrameScheme:
    """A scheme by built-in name (``policy_frames``, ``semeval2023``, ``narrative_frames``, ``gvfc``),
    from a YAML/JSON file path, from a dict, or passed through.

    Raises
    ------
    SchemeError
        An unknown name that is not a file either.
    """
    if isinstance(scheme, FrameScheme):
        return scheme
    if isinstance(scheme, Mapping):
        return scheme_from_dict(scheme)
    key = str(scheme)
    if key in BUILTIN_SCHEMES:
        return BUILTIN_SCHEMES[key]
    if Path(key).suffix.lower() in (".yaml", ".yml", ".json") or Path(key).is_file():
        return read_scheme(key)
    raise SchemeError(f"unknown frame scheme {key!r}: expected a built-in name {sorted(BUILTIN_SCHEMES)} or a "
                      f"path to a .yaml/.json scheme file")


def list_schemes() -> list[str]:
    """Names of the built-in schemes."""
    return sorted(BUILTIN_SCHEMES)


# -- mappings ------------------------------------------------------------------------------------

def mfc_to_semeval(code: int | str) -> str | None:
    """SemEval-2023 frame name of an MFC code (``7``, ``"7.0"``, ``"7.2"`` → ``Crime_and_punishment``).

    Code 15 (Other) and codes outside 1-15 have no SemEval name: returns None.
    """
    try:
        major = int(float(str(code).split(".")[0]))
    except ValueError as exc:
        raise SchemeError(f"expected an MFC code such as 7 or '7.2', found {code!r}") from exc
    return SEMEVAL2023.names[major - 1] if 1 <= major <= 14 else None


def semeval_to_mfc(name: str) -> int:
    """MFC code (1-14) of a SemEval-2023 frame name (matched loosely)."""
    return SEMEVAL2023.names.index(SEMEVAL2023.canonical(name)) + 1


def map_frames(frames: "pd.DataFrame", source: FrameScheme | str, target: FrameScheme | str,  # noqa: F821
               *, column: str = "frame") -> "pd.DataFrame":  # noqa: F821
    """Translate a frame table from one scheme to another; rows without a counterpart are dropped.

    Policy frames and SemEval-2023 map by name (``Other`` has no SemEval counterpart); any other pair
    uses ``source.mapping[target.name]`` (from the scheme file).
    """
    source, target = load_scheme(source), load_scheme(target)
    policy = {POLICY_FRAMES.name, SEMEVAL2023.name}
    if {source.name, target.name} <= policy:
        table = {n: (n if n in target else None) for n in source.names}
    elif target.name in source.mapping:
        table = {source.canonical(a): target.canonical(b) for a, b in source.mapping[target.name].items()}
    else:
        raise SchemeError(f"no mapping from scheme {source.name!r} to {target.name!r}; add "
                          f"'mapping: {{{target.name}: {{frame: frame}}}}' to the scheme file")
    out = frames.copy()
    out[column] = [table.get(source.canonical(x)) for x in out[column]]
    out = out[out[column].notna()].reset_index(drop=True)
    if "scheme" in out:
        out["scheme"] = target.name
    return out
