"""Framing: frame schemes as data, multi-label frame classifiers, lexicons, and outlet frame measures.

Schemes (:mod:`.schemes`): :func:`load_scheme` (``policy_frames``, ``semeval2023``, ``narrative_frames``, ``gvfc``,
or a YAML/JSON file), :func:`mfc_to_semeval`, :func:`map_frames`.
Classifier (:mod:`.classifier`): :class:`FrameClassifier` (scikit-learn contract; calibrated probabilities,
thresholds learned out of fold), :func:`labels_from_table`.
Evaluation (:mod:`.evaluate`): :func:`cross_validate_frames` (random or topic-grouped folds, constant
baseline beside), :class:`MostFrequentFrames`, :func:`topic_groups`.
Word vectors (:mod:`.word_vectors`): :class:`WordVectors`, :func:`reference_word_vectors` (word2vec on a large
unlabelled news corpus, cached), :func:`train_word_vectors` — ``FrameClassifier(word_vectors=...)``.
Microframes (:mod:`.microframes`, FrameAxis): :data:`MICROFRAME_AXES`, :class:`MicroframeScorer`,
:func:`microframe_scores` (bias, intensity, null model per document and axis), :func:`microframe_measures`.
"""

from toolkit.framing.classifier import FrameClassifier, FramingWarning, as_texts, labels_from_table
from toolkit.framing.finetune import FineTunedFrameClassifier
from toolkit.framing.evaluate import MostFrequentFrames, cross_validate_frames, summarise, topic_groups
from toolkit.framing.microframes import (MICROFRAME_AXES, MicroframeAxis, MicroframeError, MicroframeScorer,
                                         MicroframeWarning, load_axes, microframe_measures, microframe_scores)
from toolkit.framing.schemes import (BUILTIN_SCHEMES, Frame, FrameScheme, SchemeError, frame_key, list_schemes,
                                     load_scheme, map_frames, mfc_to_semeval, read_scheme, scheme_from_dict,
                                     semeval_to_mfc, write_scheme)
from toolkit.framing.word_vectors import WordVectors, reference_word_vectors, train_word_vectors

__all__ = [
    "FineTunedFrameClassifier",
    "BUILTIN_SCHEMES", "MICROFRAME_AXES", "Frame", "FrameClassifier", "FrameScheme", "FramingWarning",
    "MicroframeAxis", "MicroframeError", "MicroframeScorer", "MicroframeWarning", "MostFrequentFrames",
    "SchemeError", "as_texts", "cross_validate_frames", "frame_key", "labels_from_table", "list_schemes",
    "load_axes", "load_scheme", "map_frames", "mfc_to_semeval", "microframe_measures", "microframe_scores",
    "WordVectors", "read_scheme", "reference_word_vectors", "scheme_from_dict", "semeval_to_mfc", "summarise",
    "topic_groups", "train_word_vectors", "write_scheme",
]
