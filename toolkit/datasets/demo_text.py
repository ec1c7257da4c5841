"""The fictional world and the sentence-template banks behind the synthetic demo corpus.

Everything here is invented for :mod:`toolkit.datasets.demo`: the countries (Arvenia,
Belmora, Sorvenne, Costrava, Drovania, Galvora, Lunmarra), the Ostrel Valley dispute,
the Concord of Nations, every person, outlet, city, event and quote. Nothing refers to a
real place, person or publication.

Template syntax (expanded by :func:`toolkit.datasets.demo.fill`):

``[a|b|c]``
    One alternative, chosen at random (brackets may nest).
``{name}``
    A slot: an event or article fact (``{A}``, ``{Badj}``, ``{day}`` …) or a random value
    drawn per sentence (``{pct}``, ``{woman}``, ``{town}`` …; see ``RANDOM_SLOTS`` in
    :mod:`toolkit.datasets.demo`).

Frame banks use vocabulary that appears nowhere else in the generated prose, so a frame
label can be recovered from the text (``FRAME_KEYWORDS`` lists the distinctive words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# ---------------------------------------------------------------------------------------------
# World
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    """A fictional country."""

    name: str
    adj: str
    people: str
    capital: str


COUNTRIES: dict[str, Country] = {
    c.name: c
    for c in (
        Country("Arvenia", "Arvenian", "Arvenians", "Korvath"),
        Country("Belmora", "Belmoran", "Belmorans", "Estrane"),
        Country("Sorvenne", "Sorvennian", "Sorvennians", "Seravelle"),
        Country("Costrava", "Costravan", "Costravans", "Pellaris"),
        Country("Drovania", "Drovanian", "Drovanians", "Drovask"),
        Country("Galvora", "Galvoran", "Galvorans", "Orvanne"),
        Country("Lunmarra", "Lunmarran", "Lunmarrans", "Port Wenna"),
    )
}


@dataclass(frozen=True)
class Outlet:
    """A fictional news outlet and its declared editorial profile."""

    name: str
    lean: str
    country: str
    kind: str  # newspaper / broadcaster / wire / state media
    description: str
    domain: str
    dateline: str  # "full" (CITY, Mon. D —), "city" (CITY —), "agency" (CITY, Mon. D (Name) —), "none"
    agency_tag: str = ""
    coverage: float = 0.85  # probability of covering an event
    second_article: float = 0.35  # probability of a follow-up article on a covered event
    url_missing: float = 0.0  # probability that an article has no URL


WIRE_OUTLET = "Northwind Press Agency"

OUTLETS: tuple[Outlet, ...] = (
    Outlet("Harbour Ledger", "left", "Belmora", "newspaper",
           "Left-leaning Estrane daily with a strong human-rights and social-affairs desk.",
           "harbourledger.example", "city", coverage=0.8, second_article=0.45),
    Outlet("The Meridian Post", "center-left", "Belmora", "newspaper",
           "Centre-left broadsheet known for legal and parliamentary reporting.",
           "meridianpost.example", "full", coverage=0.85, second_article=0.50),
    Outlet("Continental Courier", "center", "Sorvenne", "newspaper",
           "Centrist paper of record in Seravelle, close to the Concord of Nations beat.",
           "continentalcourier.example", "city", coverage=0.85, second_article=0.45),
    Outlet("The Sentinel Herald", "center-right", "Belmora", "newspaper",
           "Centre-right daily with an emphasis on business and defence.",
           "sentinelherald.example", "full", coverage=0.85, second_article=0.50),
    Outlet("The Patriot Standard", "right", "Belmora", "newspaper",
           "Right-wing national tabloid; hawkish on Arvenia.",
           "patriotstandard.example", "none", coverage=0.8, second_article=0.55),
    Outlet("Arvenian State Broadcasting", "state", "Arvenia", "state media",
           "State broadcaster of Arvenia (ASB); follows the government line in Korvath.",
           "asb.example", "agency", agency_tag="ASB", coverage=0.85, second_article=0.55),
    Outlet(WIRE_OUTLET, "center", "Sorvenne", "wire",
           "Seravelle-based wire agency whose copy is republished by many outlets.",
           "northwindpress.example", "agency", agency_tag=WIRE_OUTLET, coverage=0.95,
           second_article=0.60),
    Outlet("Lakeshore Broadcasting", "center", "Costrava", "broadcaster",
           "Costravan public broadcaster; web versions of radio and TV reports.",
           "lakeshore.example", "none", coverage=0.8, second_article=0.40, url_missing=0.5),
    Outlet("The Commerce Daily", "center-right", "Sorvenne", "newspaper",
           "Business daily covering markets, trade and investment.",
           "commercedaily.example", "city", coverage=0.8, second_article=0.40),
)

#: Outlets that republish wire copy (never the state broadcaster or the wire itself).
WIRE_COPIERS: tuple[str, ...] = (
    "Continental Courier", "The Commerce Daily", "Lakeshore Broadcasting",
    "The Meridian Post", "Harbour Ledger", "The Sentinel Herald",
)


@dataclass(frozen=True)
class Actor:
    """A fictional public figure."""

    key: str
    name: str
    role: str
    country: str
    title: str  # used before the name: "Arvenian President"

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


ACTORS: dict[str, Actor] = {
    a.key: a
    for a in (
        Actor("vantos", "Aurel Vantos", "President of Arvenia", "Arvenia", "Arvenian President"),
        Actor("halk", "Teodor Halk", "Foreign Minister of Belmora", "Belmora", "Belmoran Foreign Minister"),
        Actor("sarn", "Livia Sarn", "Foreign Minister of Arvenia", "Arvenia", "Arvenian Foreign Minister"),
        Actor("orrin", "Matthias Orrin", "Prime Minister of Belmora", "Belmora", "Belmoran Prime Minister"),
        Actor("asch", "Dorin Asch", "Spokesperson of the Arvenian foreign ministry", "Arvenia",
              "Arvenian foreign ministry spokesperson"),
        Actor("quell", "Nadia Quell", "Secretary-General of the Concord of Nations", "Sorvenne",
              "Concord of Nations Secretary-General"),
        Actor("penrow", "Hollis Penrow", "Lunmarran envoy and mediator of the Port Wenna talks", "Lunmarra",
              "Lunmarran mediator"),
        Actor("dusk", "Ferran Dusk", "Trade Minister of Costrava", "Costrava", "Costravan Trade Minister"),
        Actor("solm", "Benedek Solm", "President of Galvora", "Galvora", "Galvoran President"),
        Actor("varro", "Ansel Varro", "Foreign Minister of Drovania", "Drovania", "Drovanian Foreign Minister"),
    )
}

#: Recurring actors whose treatment by each outlet is planted as stance ground truth.
STANCE_TARGETS: tuple[str, ...] = ("vantos", "halk")

# ---------------------------------------------------------------------------------------------
# Frames and stance propensities
# ---------------------------------------------------------------------------------------------

#: Policy Frames Codebook names used by the demo (scheme ``demo_policy``).
FRAMES: tuple[str, ...] = (
    "Economic", "Security_and_defense", "Morality", "Legality",
    "Political", "Human_interest", "Public_opinion",
)

#: P(frame present in an article), per outlet, in ``FRAMES`` order.
FRAME_PROPENSITY: dict[str, tuple[float, ...]] = {
    #                              Eco   Sec   Mor   Leg   Pol   HI    PO
    "Harbour Ledger":              (0.20, 0.15, 0.75, 0.55, 0.45, 0.85, 0.40),
    "The Meridian Post":           (0.40, 0.30, 0.40, 0.70, 0.60, 0.55, 0.35),
    "Continental Courier":         (0.50, 0.40, 0.15, 0.45, 0.65, 0.35, 0.30),
    "The Sentinel Herald":         (0.75, 0.60, 0.15, 0.30, 0.55, 0.15, 0.30),
    "The Patriot Standard":        (0.30, 0.90, 0.55, 0.10, 0.50, 0.20, 0.60),
    "Arvenian State Broadcasting": (0.25, 0.70, 0.65, 0.15, 0.30, 0.10, 0.75),
    WIRE_OUTLET:                   (0.40, 0.35, 0.05, 0.35, 0.65, 0.10, 0.15),
    "Lakeshore Broadcasting":      (0.30, 0.25, 0.20, 0.20, 0.35, 0.75, 0.65),
    "The Commerce Daily":          (0.95, 0.30, 0.05, 0.35, 0.30, 0.05, 0.20),
}

#: P(negative, neutral, positive) toward each stance target, per outlet.
STANCE_PROPENSITY: dict[str, dict[str, tuple[float, float, float]]] = {
    "Harbour Ledger":              {"vantos": (0.45, 0.45, 0.10), "halk": (0.50, 0.35, 0.15)},
    "The Meridian Post":           {"vantos": (0.50, 0.40, 0.10), "halk": (0.35, 0.45, 0.20)},
    "Continental Courier":         {"vantos": (0.25, 0.60, 0.15), "halk": (0.20, 0.60, 0.20)},
    "The Sentinel Herald":         {"vantos": (0.65, 0.30, 0.05), "halk": (0.10, 0.40, 0.50)},
    "The Patriot Standard":        {"vantos": (0.85, 0.12, 0.03), "halk": (0.15, 0.25, 0.60)},
    "Arvenian State Broadcasting": {"vantos": (0.02, 0.13, 0.85), "halk": (0.85, 0.12, 0.03)},
    WIRE_OUTLET:                   {"vantos": (0.05, 0.90, 0.05), "halk": (0.05, 0.90, 0.05)},
    "Lakeshore Broadcasting":      {"vantos": (0.30, 0.55, 0.15), "halk": (0.15, 0.60, 0.25)},
    "The Commerce Daily":          {"vantos": (0.35, 0.55, 0.10), "halk": (0.10, 0.60, 0.30)},
}

#: Distinctive words per frame (lower case, matched on word boundaries); documented and tested.
FRAME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Economic": ("tariff", "tariffs", "investors", "markets", "exports", "exporters", "economists",
                 "currency", "prices", "economic growth"),
    "Security_and_defense": ("troops", "missile", "missiles", "military", "deterrence", "soldiers",
                             "armed forces", "defence", "border"),
    "Morality": ("moral", "morally", "conscience", "shame", "duty", "values", "dignity", "decency",
                 "principles"),
    "Legality": ("international law", "court", "legal", "tribunal", "jurisdiction", "lawyers",
                 "convention", "lawful"),
    "Political": ("opposition", "coalition", "election", "elections", "lawmakers", "ruling party",
                  "political", "campaign"),
    "Human_interest": ("family", "families", "daughter", "son", "sons", "children", "relatives",
                       "father", "mother", "brother", "grandchildren", "husband"),
    "Public_opinion": ("poll", "survey", "respondents", "protesters", "demonstrators",
                       "public opinion", "voters", "petition", "approval ratings"),
}

# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One diplomatic event and the facts every outlet shares when reporting it."""

    event_id: str
    date: date
    kind: str
    title: str
    countries: tuple[str, ...]
    summary: str
    city: str
    A: str
    B: str
    actors: tuple[str, ...]
    tag: str  # short noun phrase for follow-up headlines: "the expulsions"
    act_past: str  # clause for follow-up leads: "Arvenia expelled seven Belmoran diplomats"
    noun: str  # noun phrase for later background references
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    details: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (actor key, quote without final punctuation)
    next_steps: tuple[str, ...] = field(default_factory=tuple)


EVENTS: tuple[Event, ...] = (
    Event(
        "ev01", date(2024, 1, 16), "expelled_diplomats",
        "Arvenia expels seven Belmoran diplomats", ("Arvenia", "Belmora"),
        "Arvenia orders seven Belmoran diplomats to leave Korvath within 72 hours, accusing them of "
        "activities incompatible with their status; Belmora promises a proportionate response.",
        "Korvath", "Arvenia", "Belmora", ("vantos", "halk", "sarn"),
        "the expulsions", "Arvenia expelled seven Belmoran diplomats",
        "Arvenia’s expulsion of seven Belmoran diplomats",
        ("Arvenia expels seven Belmoran diplomats",
         "Korvath orders seven Belmoran envoys out within 72 hours",
         "Seven Belmoran diplomats told to leave Arvenia",
         "Arvenia gives seven Belmoran diplomats 72 hours to go",
         "Diplomatic rift deepens as Arvenia expels Belmoran envoys"),
        ("Arvenia [ordered|told] seven Belmoran diplomats to leave the country within 72 hours {day}, "
         "accusing them of activities [“incompatible with their diplomatic status.”|that it said broke "
         "the rules of diplomatic conduct.]",
         "The [Arvenian government|government in Korvath] {day} declared seven Belmoran diplomats persona "
         "non grata, [giving them|and gave them] [72 hours|three days] to leave [Korvath|the country].",
         "In a [sharp|sudden|serious] escalation between the two neighbours, Arvenia [expelled|threw out] "
         "seven members of the Belmoran embassy staff {day}[, accusing them of spying|].",
         "Seven Belmoran diplomats, [including|among them] the embassy’s deputy head of mission, were "
         "[told|ordered] {day} to leave Arvenia within [three days|72 hours]."),
        ("The Arvenian foreign ministry summoned Belmoran Ambassador Ruth Callan [to deliver the order "
         "in person|late in the evening to hand over the note|to its offices on Parade Street].",
         "[Among those expelled is|Those expelled include] the [embassy’s deputy head of mission|deputy "
         "ambassador], Piet Arnhold, who has [served|worked|been posted] in Korvath since 2021.",
         "The [order|decision|expulsion] leaves the Belmoran embassy in Korvath with [a skeleton staff|fewer "
         "than a dozen accredited diplomats|barely enough people to keep its doors open]."),
        (("sarn", "We have evidence, and we have acted on it. Our patience has limits"),
         ("halk", "This is an unjustified step, and Belmora will respond in a measured and proportionate way"),
         ("vantos", "No embassy in Korvath is above the rules of hospitality")),
        ("Belmora is expected to announce its response within days.",
         "The diplomats are due to leave on Friday, embassy officials said."),
    ),
    Event(
        "ev02", date(2024, 2, 8), "sanctions",
        "Belmora imposes sanctions on 34 Arvenian companies and officials", ("Belmora", "Arvenia"),
        "Belmora freezes assets of and bans travel by 34 Arvenian companies and officials it links to "
        "the January expulsions and to activity in the Ostrel Valley.",
        "Estrane", "Belmora", "Arvenia", ("halk", "orrin", "asch"),
        "the sanctions list", "Belmora imposed sanctions on 34 Arvenian companies and officials",
        "Belmora’s sanctions on 34 Arvenian companies and officials",
        ("Belmora sanctions 34 Arvenian firms and officials",
         "Estrane hits back at Korvath with asset freezes and travel bans",
         "Belmora unveils sanctions list aimed at Arvenian companies",
         "Belmora retaliates with sanctions on 34 Arvenian entities"),
        ("Belmora {day} [imposed|announced] asset freezes and travel bans on 34 Arvenian companies and "
         "officials, [three weeks after|less than a month after] Arvenia expelled seven of its diplomats.",
         "The [Belmoran government|cabinet in Estrane] announced sanctions {day} against 34 Arvenian "
         "[individuals and entities|firms and officials], including two state-owned shipping [firms|lines].",
         "Belmora [unveiled|published|released] a list of 34 Arvenian companies and officials {day} "
         "[who will face|that will be hit by] frozen assets and entry bans."),
        ("The list [names|includes|covers] 21 companies, [among them|including] the state shipping line "
         "Korvath Maritime, and 13 officials[, including two deputy ministers|, two of them deputy ministers].",
         "The measures take effect at midnight and will be reviewed in six months, according to the "
         "decree [published|issued] by the Belmoran cabinet.",
         "Foreign Minister Teodor Halk [presented|read out|announced] the list [to reporters|at a briefing] "
         "[at the ministry in Estrane|in Estrane]."),
        (("halk", "Those who undermine our diplomats and our neighbours will find that actions have consequences"),
         ("orrin", "We did not seek this confrontation, but we will not ignore it either"),
         ("asch", "These so-called sanctions are a performance that will change nothing")),
        ("Arvenia said it would publish its own list in response.",
         "The cabinet said the list could be extended if relations did not improve."),
    ),
    Event(
        "ev03", date(2024, 2, 26), "embassy_closure",
        "Arvenia closes its embassy in Estrane", ("Arvenia", "Belmora"),
        "Arvenia suspends operations at its embassy in Estrane and withdraws its 40 staff, citing "
        "threats against its personnel; consular services move to Seravelle.",
        "Korvath", "Arvenia", "Belmora", ("vantos", "sarn", "halk"),
        "the embassy closure", "Arvenia closed its embassy in Estrane",
        "the closure of Arvenia’s embassy in Estrane",
        ("Arvenia shuts its embassy in Estrane",
         "Arvenia pulls all 40 staff from its Estrane embassy",
         "Korvath closes embassy in Belmora as relations sink further",
         "Arvenian embassy in Estrane to close this week"),
        ("Arvenia said {day} it would [close|shut] its embassy in Estrane and [withdraw|pull out] all 40 of "
         "its staff, citing [threats against its personnel|what it called a pattern of intimidation].",
         "The Arvenian embassy in Estrane will [shut its doors|close] [at the end of the week|by Friday], "
         "the foreign ministry in Korvath [announced|said] {day}.",
         "Arvenia {day} [suspended|halted] the work of its embassy in the Belmoran capital, the "
         "[deepest|most serious] rupture between the two neighbours in more than a decade."),
        ("Consular services for Arvenian citizens in Belmora will be [handled|provided] from the Arvenian "
         "mission in Seravelle, the ministry [said|added].",
         "Staff were seen loading boxes into vans outside the embassy building on Linden Avenue on "
         "{weekday} afternoon.",
         "The closure affects [about|roughly|some] 40 diplomats and local employees, as well as a "
         "[cultural centre|small library and cultural centre] attached to the embassy."),
        (("sarn", "We cannot ask our people to work under constant threat"),
         ("vantos", "Arvenia will return to Estrane when it is treated with respect"),
         ("halk", "The door remains open. It is Korvath that chose to walk through it")),
        ("Diplomatic relations have not been formally severed, officials on both sides stressed.",
         "Belmora said it would keep its own embassy in Korvath open for now."),
    ),
    Event(
        "ev04", date(2024, 3, 19), "un_vote",
        "Concord of Nations General Council backs Ostrel Valley ceasefire resolution",
        ("Belmora", "Arvenia", "Sorvenne"),
        "The General Council adopts a non-binding resolution calling for an immediate ceasefire in "
        "the Ostrel Valley by 88 votes to 12, with 31 abstentions; Arvenia votes against.",
        "Seravelle", "Belmora", "Arvenia", ("quell", "halk", "sarn"),
        "the ceasefire vote", "the Concord of Nations General Council called for a ceasefire in the Ostrel Valley",
        "the General Council’s ceasefire resolution on the Ostrel Valley",
        ("Concord of Nations calls for Ostrel Valley ceasefire",
         "General Council votes 88-12 for ceasefire in the Ostrel Valley",
         "Arvenia outvoted as General Council demands valley truce",
         "Ceasefire resolution passes in Seravelle"),
        ("The General Council of the Concord of Nations {day} [adopted|passed|approved] a resolution "
         "[calling for|demanding] an immediate ceasefire in the Ostrel Valley, by 88 votes to 12 with 31 "
         "abstentions.",
         "Member states of the Concord of Nations voted 88 to 12 {day} to [demand|call for] a halt to "
         "the fighting in the Ostrel Valley, with Arvenia [among those voting against|in the minority].",
         "A resolution [sponsored|drafted] by Belmora and five other states passed the Concord of Nations "
         "General Council {day}, with 88 countries in favour, 12 against and 31 abstaining."),
        ("The [text|resolution] is not binding, but it asks Secretary-General Nadia Quell to report "
         "[back within 60 days|to members within two months] on [steps toward a truce|progress toward a truce].",
         "Arvenian delegates [left|walked out of] the chamber in Seravelle before the result was announced.",
         "[Galvora and Costrava|Costrava and Galvora] were among the 31 countries that [abstained|did not "
         "take sides]."),
        (("quell", "The message from the membership is unambiguous: the guns in the Ostrel Valley must fall silent"),
         ("halk", "Today the world stood with the people of the valley"),
         ("sarn", "This resolution rewards one side and ignores the facts on the ground")),
        ("Quell is due to brief the council on progress in May.",
         "Diplomats said the vote increased pressure on both sides to return to talks."),
    ),
    Event(
        "ev05", date(2024, 4, 9), "ceasefire_talks",
        "Ceasefire talks open in Port Wenna under Lunmarran mediation",
        ("Arvenia", "Belmora", "Lunmarra"),
        "Arvenian and Belmoran delegations begin three days of indirect talks in Port Wenna on a "
        "30-day truce in the Ostrel Valley, mediated by Lunmarra.",
        "Port Wenna", "Arvenia", "Belmora", ("penrow", "sarn", "halk"),
        "the Port Wenna talks", "Arvenian and Belmoran negotiators sat down in Port Wenna",
        "the ceasefire talks in Port Wenna",
        ("Ceasefire talks open in Port Wenna",
         "Arvenia and Belmora begin indirect talks on a 30-day truce",
         "Lunmarra hosts first Arvenia-Belmora talks in months",
         "Negotiators meet in Port Wenna as mediators push for truce"),
        ("Negotiators from Arvenia and Belmora [began|opened] three days of indirect talks in Port Wenna "
         "{day}, [the first such contact|their first direct contact in any form] since the embassy closure "
         "in February.",
         "Lunmarran mediators [shuttled|moved back and forth] between two hotel floors in Port Wenna "
         "{day} as [Arvenian and Belmoran delegations|the two delegations] opened talks on a 30-day truce.",
         "Talks aimed at a ceasefire in the Ostrel Valley [got under way|began] {day} in the Lunmarran "
         "capital, Port Wenna, with both delegations refusing to sit in the same room."),
        ("The draft [under discussion|on the table] would [halt|pause] the fighting for 30 days and "
         "[open|reopen] the Kessany crossing to aid convoys.",
         "[Each delegation has eleven members|The two eleven-member delegations are led by the foreign "
         "ministers], [Livia Sarn for Arvenia and Teodor Halk for Belmora|Teodor Halk of Belmora and Livia "
         "Sarn of Arvenia].",
         "The talks [are being held|are taking place] at the Harbourside Conference Centre and are "
         "[scheduled|due] to end on Thursday."),
        (("penrow", "Nobody expects miracles this week, but both parties came, and that matters"),
         ("sarn", "We are here in good faith, and we expect the same from the other side"),
         ("halk", "A truce that is not respected is worse than no truce at all")),
        ("A joint statement is expected on Thursday if the talks make progress.",
         "Lunmarra has offered to host a second round next month."),
    ),
    Event(
        "ev06", date(2024, 4, 30), "prisoner_exchange",
        "Arvenia and Belmora swap 46 prisoners at the Kessany crossing", ("Arvenia", "Belmora"),
        "In the first concrete result of the Port Wenna talks, Arvenia and Belmora exchange 46 "
        "detainees, 23 from each side, at the Kessany crossing.",
        "Kessany", "Arvenia", "Belmora", ("vantos", "halk", "penrow"),
        "the prisoner swap", "Arvenia and Belmora exchanged 46 prisoners at the Kessany crossing",
        "the exchange of 46 prisoners at the Kessany crossing",
        ("Arvenia and Belmora swap 46 prisoners",
         "46 detainees cross Kessany bridge in first exchange",
         "Prisoner exchange brings first result from Port Wenna talks",
         "Twenty-three from each side freed in Kessany swap"),
        ("Arvenia and Belmora [exchanged|swapped] 46 prisoners at the Kessany crossing {day}, the first "
         "[tangible|concrete] result of the [talks in Port Wenna|Port Wenna talks].",
         "Twenty-three detainees from each side [crossed|walked across] the Kessany bridge {day} in a "
         "[carefully choreographed|tightly organised] exchange [overseen|supervised] by Lunmarran officials.",
         "Buses carrying 46 prisoners pulled up at the Kessany crossing early {day} as Arvenia and "
         "Belmora carried out their first exchange in [over a year|more than a year]."),
        ("The [exchange|handover] took about two hours, and each [released detainee|freed prisoner] was "
         "[checked|examined] by a Lunmarran medical team.",
         "[Among those released were|Those freed included] four civilians detained in the Ostrel Valley "
         "last autumn, according to a list [published|released] by the mediators.",
         "Lunmarran officials said a second exchange could follow [if the first went smoothly|within "
         "weeks|before the summer]."),
        (("vantos", "Every Arvenian who comes home today is a promise kept"),
         ("halk", "This is a small step, but a real one"),
         ("penrow", "Today both sides showed that agreements made in Port Wenna can be honoured")),
        ("The mediators said lists for a second exchange were already being compared.",),
    ),
    Event(
        "ev07", date(2024, 5, 22), "trade_deal",
        "Belmora and Costrava sign trade agreement in Pellaris", ("Belmora", "Costrava"),
        "Belmora and Costrava sign a trade and transit agreement covering 120 product categories and a "
        "new rail freight link that bypasses the Ostrel corridor.",
        "Pellaris", "Belmora", "Costrava", ("halk", "dusk"),
        "the Pellaris trade deal", "Belmora and Costrava signed their trade agreement",
        "the trade agreement Belmora signed with Costrava in Pellaris",
        ("Belmora and Costrava sign trade and transit deal",
         "Pellaris deal opens new rail freight route for Belmora",
         "Belmora, Costrava seal long-delayed trade agreement",
         "Trade pact signed in Pellaris covers 120 product categories"),
        ("Belmora and Costrava [signed|concluded] a trade and transit agreement in Pellaris {day} "
         "[covering|that covers] 120 product categories and a new rail freight link.",
         "Foreign Minister Teodor Halk and Costravan Trade Minister Ferran Dusk signed a [long-delayed|"
         "long-awaited] trade agreement {day} at a ceremony in Pellaris.",
         "A new rail freight link and less paperwork for 120 categories of goods are at the [heart|core] "
         "of a deal Belmora and Costrava signed in Pellaris {day}."),
        ("The agreement, [negotiated over 18 months|the product of 18 months of negotiation], must still be "
         "[approved|ratified] by both parliaments.",
         "The planned rail link will [run|stretch] 340 kilometres from Pellaris to the Belmoran port of "
         "Halverk[, officials said|].",
         "[Officials said|According to officials,] the deal was designed to route freight around the "
         "Ostrel corridor."),
        (("halk", "This agreement connects our peoples and gives our businesses certainty"),
         ("dusk", "Costrava is open for partnership with every neighbour who respects the rules")),
        ("Both governments aim to have the agreement in force by January.",),
    ),
    Event(
        "ev08", date(2024, 6, 11), "treaty_withdrawal",
        "Arvenia announces withdrawal from the Ostrel Water-Sharing Treaty", ("Arvenia", "Belmora"),
        "President Aurel Vantos announces that Arvenia will leave the 1991 Ostrel Water-Sharing Treaty "
        "with Belmora, starting a six-month notice period.",
        "Korvath", "Arvenia", "Belmora", ("vantos", "sarn", "orrin"),
        "the treaty exit", "Arvenia announced it would leave the Ostrel Water-Sharing Treaty",
        "Arvenia’s decision to leave the Ostrel Water-Sharing Treaty",
        ("Arvenia to quit Ostrel Water-Sharing Treaty",
         "Vantos pulls Arvenia out of 1991 water accord",
         "Arvenia gives notice on river treaty with Belmora",
         "Water treaty exit deepens Arvenia-Belmora rift"),
        ("Arvenia will [withdraw from|leave] the 1991 Ostrel Water-Sharing Treaty with Belmora, President "
         "Aurel Vantos announced {day}, [starting|triggering] a six-month notice period.",
         "President Aurel Vantos said {day} that Arvenia was pulling out of the Ostrel Water-Sharing "
         "Treaty, [a 33-year-old accord|an accord signed 33 years ago] that governs the river it shares "
         "with Belmora.",
         "In a [televised address|speech broadcast nationwide] {day}, Arvenian President Aurel Vantos "
         "announced that his country would leave the water-sharing treaty it signed with Belmora in 1991."),
        ("The treaty [allocates|divides] the flow of the Ostrel River between the two countries and "
         "[created|set up] a joint commission that has met twice a year since 1991.",
         "[Withdrawal|The exit] takes effect six months after formal notification, which Korvath said it "
         "[delivered|handed over] on {weekday} morning.",
         "[About|Some|Roughly] 1.4 million people in Belmora depend on the river for drinking water, "
         "according to the joint commission."),
        (("vantos", "The treaty was written for another age, and Arvenia will no longer be bound by it"),
         ("sarn", "We remain ready to discuss a new arrangement on fair terms"),
         ("orrin", "Water is not a weapon, and it must never become one")),
        ("The joint commission is due to meet in emergency session next week.",),
    ),
    Event(
        "ev09", date(2024, 7, 2), "summit",
        "Northern Littoral Forum summit opens in Orvanne",
        ("Galvora", "Arvenia", "Costrava", "Drovania", "Lunmarra"),
        "Leaders of nine states meet in Orvanne for the annual Northern Littoral Forum summit; the "
        "Ostrel Valley dominates the agenda and Belmora attends as an observer.",
        "Orvanne", "Galvora", "Arvenia", ("solm", "vantos", "dusk"),
        "the Orvanne summit", "leaders of nine states gathered in Orvanne",
        "the Northern Littoral Forum summit in Orvanne",
        ("Northern Littoral Forum summit opens in Orvanne",
         "Ostrel Valley overshadows Orvanne summit",
         "Nine leaders meet in Orvanne as Solm calls for unity",
         "Vantos heads to Orvanne for regional summit"),
        ("Leaders of nine states [gathered|met] in Orvanne {day} for the annual Northern Littoral Forum, "
         "with the conflict in the Ostrel Valley [overshadowing|dominating] the agenda.",
         "Galvoran President Benedek Solm opened the Northern Littoral Forum summit in Orvanne {day}, "
         "[urging|calling on] the nine member states to speak with one voice.",
         "The Northern Littoral Forum summit [began|opened] {day} in the Galvoran capital, where Arvenian "
         "President Aurel Vantos [made|was making] his first foreign trip in months."),
        ("Belmora, which is not a member of the forum, sent [an observer delegation|observers] for the "
         "first time.",
         "The two-day [meeting|gathering] is expected to end with a joint declaration on [river management "
         "and transit|transit and river management].",
         "Vantos [held|had] a 40-minute meeting with Solm on the sidelines, [according to the Galvoran "
         "presidency|the Galvoran presidency said]."),
        (("solm", "The Northern Littoral belongs to all of us, and none of us can prosper while the valley is divided"),
         ("vantos", "Arvenia comes to Orvanne as a partner, not as a defendant"),
         ("dusk", "We want a forum that delivers, not one that only talks")),
        ("The final declaration is expected on {weekday} evening.",),
    ),
    Event(
        "ev10", date(2024, 7, 24), "ambassador_recall",
        "Drovania recalls its ambassador from Arvenia over airspace incident", ("Drovania", "Arvenia"),
        "Drovania recalls its ambassador from Korvath for consultations after an Arvenian aircraft "
        "spent 14 minutes in Drovanian airspace.",
        "Drovask", "Drovania", "Arvenia", ("varro", "sarn", "vantos"),
        "the ambassador recall", "Drovania recalled its ambassador from Korvath",
        "Drovania’s recall of its ambassador from Korvath",
        ("Drovania recalls ambassador from Arvenia",
         "Airspace incident prompts Drovania to recall envoy",
         "Drovask summons its ambassador home from Korvath",
         "Fourteen minutes in Drovanian airspace spark diplomatic row"),
        ("Drovania recalled its ambassador from Korvath {day} after what it [called|described as] a "
         "[deliberate|flagrant] violation of its airspace by an Arvenian aircraft.",
         "Drovanian Foreign Minister Ansel Varro {day} [summoned home|recalled] his country’s ambassador "
         "to Arvenia, saying an Arvenian aircraft had spent 14 minutes in Drovanian airspace.",
         "Relations between Drovania and Arvenia [cooled sharply|took a sharp turn for the worse] {day} "
         "as Drovask recalled its envoy in Korvath for consultations."),
        ("According to Drovask, the aircraft [crossed into|entered] Drovanian airspace near the town of "
         "Velsk and was [tracked|followed on radar] for 14 minutes before turning back.",
         "Arvenia said the aircraft had [drifted|strayed] off course in bad weather and denied any "
         "[intent|hostile intent].",
         "The ambassador, Corin Hale, is [expected|due back] in Drovask on Thursday."),
        (("varro", "Our airspace is not a corridor for anyone’s convenience"),
         ("sarn", "There was no intention to offend a friendly country, and we have said so clearly"),
         ("vantos", "Arvenia has nothing to apologise for, but we value our friendship with Drovania")),
        ("Drovania said the ambassador would stay home until it received a full explanation.",),
    ),
    Event(
        "ev11", date(2024, 8, 13), "sanctions_easing",
        "Belmora eases sanctions to let Arvenian grain ships through", ("Belmora", "Arvenia"),
        "Belmora issues a waiver allowing 18 vessels carrying Arvenian grain to pass through its "
        "waters, a partial easing of the February sanctions.",
        "Estrane", "Belmora", "Arvenia", ("halk", "orrin", "asch"),
        "the grain waiver", "Belmora eased its sanctions for Arvenian grain ships",
        "Belmora’s waiver for 18 Arvenian grain ships",
        ("Belmora lets 18 Arvenian grain ships through",
         "Sanctions waiver opens way for Arvenian grain",
         "Belmora eases February sanctions for grain shipments",
         "Estrane issues 60-day grain waiver"),
        ("Belmora {day} partially eased its sanctions on Arvenia, issuing a waiver that [allows|lets] 18 "
         "vessels carrying Arvenian grain [to pass|pass] through its waters.",
         "Eighteen ships [loaded with|carrying] Arvenian grain will be allowed through Belmoran waters "
         "under a waiver announced {day}, the first easing of the sanctions imposed in February.",
         "The Belmoran government {day} [lifted|suspended] restrictions on Arvenian grain shipments, a "
         "gesture officials [described|presented] as humanitarian."),
        ("The waiver is valid for 60 days and [covers only|applies only to] vessels inspected by Lunmarran "
         "monitors.",
         "The [remaining|other] sanctions on 34 Arvenian companies and officials [stay|remain] in place, "
         "the foreign ministry said.",
         "The first [vessels|ships] are expected to [sail|leave] from the Arvenian port of Saltreach on Friday."),
        (("halk", "This is a humanitarian gesture, not a change of course"),
         ("orrin", "We have always kept food out of this dispute"),
         ("asch", "We note the decision. It corrects a mistake that should never have been made")),
        ("Officials said the waiver could be renewed if inspections went smoothly.",),
    ),
    Event(
        "ev12", date(2024, 9, 3), "un_vote",
        "Concord of Nations approves observer mission for the Ostrel Valley",
        ("Arvenia", "Belmora", "Sorvenne", "Galvora"),
        "The General Council votes 112 to 9, with 20 abstentions, to deploy 250 unarmed observers to "
        "the Ostrel Valley; Arvenia drops its opposition and abstains.",
        "Seravelle", "Belmora", "Arvenia", ("quell", "halk", "sarn"),
        "the observer mission vote", "the Concord of Nations approved an observer mission for the Ostrel Valley",
        "the Concord of Nations observer mission for the Ostrel Valley",
        ("Concord of Nations approves Ostrel Valley observer mission",
         "250 observers to deploy in the Ostrel Valley after 112-9 vote",
         "Arvenia abstains as General Council backs valley monitors",
         "Seravelle vote clears way for first observer mission"),
        ("The Concord of Nations General Council voted 112 to 9 {day} to [send|deploy] 250 unarmed "
         "observers to the Ostrel Valley, with 20 countries abstaining.",
         "Member states of the Concord of Nations {day} approved an observer mission of 250 monitors "
         "for the Ostrel Valley, a step [diplomats said would have been unthinkable|that seemed out of "
         "reach] in March.",
         "In a vote of 112 in favour, nine against and 20 abstentions, the Concord of Nations {day} "
         "[authorised|approved] its first observer mission to the Ostrel Valley."),
        ("Arvenia, which voted against [a|the] ceasefire resolution in March, [abstained this time|chose to "
         "abstain this time].",
         "The observers will be unarmed and [based in|spread across] three field offices, including one at "
         "the Kessany crossing.",
         "The mission’s first mandate runs for [twelve months|a year] and will be led by [a Galvoran "
         "diplomat, Mira Tolland|the Galvoran diplomat Mira Tolland]."),
        (("quell", "The observers will be the eyes of the world in the valley"),
         ("halk", "Belmora welcomes the mission and will cooperate fully"),
         ("sarn", "Arvenia abstained because the mandate still needs improvement, not because we fear scrutiny")),
        ("The first observers are due to arrive within a month.",),
    ),
    Event(
        "ev13", date(2024, 9, 24), "state_visit",
        "Vantos makes state visit to Costrava", ("Arvenia", "Costrava"),
        "Arvenian President Aurel Vantos begins a two-day state visit to Pellaris and signs a "
        "memorandum on a rail link between the two countries.",
        "Pellaris", "Arvenia", "Costrava", ("vantos", "dusk"),
        "the Pellaris visit", "Aurel Vantos arrived in Pellaris",
        "the Arvenian president’s state visit to Costrava",
        ("Vantos arrives in Pellaris for state visit",
         "Arvenia and Costrava sign rail memorandum during Vantos visit",
         "Vantos courts Costrava on first state visit",
         "Pellaris rolls out red carpet for Arvenian president"),
        ("Arvenian President Aurel Vantos arrived in Pellaris {day} for a two-day state visit to "
         "Costrava, his first [since taking office|as head of state].",
         "Aurel Vantos became the first Arvenian president in nine years to [make|pay] a state visit to "
         "Costrava {day}, arriving in Pellaris to a full ceremonial welcome.",
         "The Arvenian president, Aurel Vantos, and Costravan leaders signed a memorandum on a new "
         "rail link {day} at the [start|opening] of a state visit to Pellaris."),
        ("The memorandum [foresees|envisages] a 210-kilometre rail line linking Korvath and Pellaris, "
         "with construction [to begin|starting] in 2026.",
         "Vantos also laid a wreath at the Pellaris memorial and is [due|scheduled] to address the "
         "Costravan parliament on Wednesday.",
         "Trade Minister Ferran Dusk [accompanied|escorted] the [delegation|visitors] throughout the first day."),
        (("vantos", "Arvenia and Costrava are neighbours by geography and partners by choice"),
         ("dusk", "This visit opens a new chapter, and we intend to write it carefully")),
        ("The visit ends on Wednesday with a joint news conference.",),
    ),
    Event(
        "ev14", date(2024, 10, 15), "expelled_diplomats",
        "Belmora expels 11 Arvenian officials over cyber intrusion", ("Belmora", "Arvenia"),
        "Belmora orders 11 staff of the Arvenian interests section in Estrane to leave, linking them "
        "to an intrusion into its foreign ministry network.",
        "Estrane", "Belmora", "Arvenia", ("halk", "sarn", "orrin"),
        "the cyber expulsions", "Belmora expelled 11 Arvenian officials",
        "Belmora’s expulsion of 11 Arvenian officials over a cyber intrusion",
        ("Belmora expels 11 Arvenian officials over hacking",
         "Cyber intrusion prompts Belmora to expel Arvenian staff",
         "Eleven Arvenian officials ordered out of Estrane",
         "Belmora links Arvenian interests section to network breach"),
        ("Belmora {day} ordered 11 staff of the Arvenian interests section in Estrane to leave the "
         "country, linking them to [an intrusion into|a break-in on] its foreign ministry’s computer network.",
         "The Belmoran foreign ministry expelled 11 Arvenian officials {day}, saying they were "
         "[connected|linked] to a breach of government computer systems [discovered|uncovered] in September.",
         "Eleven Arvenian officials have been given a week to leave Belmora, the government in "
         "Estrane said {day}, citing a cyber intrusion into its [diplomatic communications|diplomatic email]."),
        ("The intrusion was [discovered|detected] on 12 September and affected the email accounts of at "
         "least 60 diplomats, [according to the ministry|the ministry said].",
         "The interests section, which has [operated|worked] under Lunmarran protection since the "
         "embassy closure in February, will [continue|carry on] with a reduced staff of four.",
         "Arvenia [denied any involvement|rejected the accusation] and demanded to see the evidence."),
        (("halk", "We have followed the evidence, and it led to the interests section"),
         ("sarn", "This is a fabrication designed to wreck the progress made in Port Wenna"),
         ("orrin", "We will protect our institutions from interference of any kind")),
        ("Arvenia said it would respond “in due course.”",),
    ),
    Event(
        "ev15", date(2024, 11, 5), "ceasefire_agreement",
        "Arvenia and Belmora sign the Port Wenna framework agreement",
        ("Arvenia", "Belmora", "Lunmarra"),
        "Arvenia and Belmora sign a framework agreement in Port Wenna providing for a 90-day "
        "ceasefire in the Ostrel Valley, a joint commission and a timetable for talks on the river.",
        "Port Wenna", "Arvenia", "Belmora", ("vantos", "orrin", "halk", "penrow"),
        "the Port Wenna framework", "Arvenia and Belmora signed the Port Wenna framework agreement",
        "the Port Wenna framework agreement",
        ("Arvenia and Belmora sign Port Wenna framework",
         "90-day ceasefire agreed as leaders sign in Port Wenna",
         "Vantos and Orrin sign framework deal on the Ostrel Valley",
         "After seven months of talks, a framework agreement"),
        ("Arvenia and Belmora signed a framework agreement in Port Wenna {day} that [provides for|sets "
         "out] a 90-day ceasefire in the Ostrel Valley and a joint commission to oversee it.",
         "President Aurel Vantos and Prime Minister Matthias Orrin [put their signatures to|signed] the "
         "Port Wenna framework agreement {day}, ending months of on-off negotiations.",
         "After seven months of talks, Arvenian and Belmoran leaders signed a framework deal in the "
         "Lunmarran capital {day}, with a 90-day ceasefire at its [core|centre]."),
        ("The ceasefire [takes effect|comes into force] at midnight on Friday and will be [monitored|"
         "watched over] by the Concord of Nations observer mission.",
         "A joint commission of six members from each side is to meet within [14 days|two weeks] to "
         "[draw up|agree on] a timetable for talks on the river.",
         "The two leaders did not shake hands in public, but [exchanged|swapped] copies of the text "
         "[in front of the cameras|before the assembled press]."),
        (("vantos", "We have chosen the harder road, which is the road of talking"),
         ("orrin", "This document is a beginning, not an end"),
         ("halk", "Now the work of keeping this promise starts"),
         ("penrow", "Port Wenna will remember this day")),
        ("The joint commission is expected to hold its first session in Kessany.",),
    ),
    Event(
        "ev16", date(2024, 12, 10), "detainee_release",
        "Belmora frees Arvenian journalist Kasimir Dorn after 14 months", ("Belmora", "Arvenia"),
        "Belmora releases Arvenian journalist Kasimir Dorn, held for 14 months on espionage charges, "
        "in a goodwill gesture under the Port Wenna framework.",
        "Kessany", "Belmora", "Arvenia", ("halk", "sarn"),
        "the Dorn release", "Belmora released the journalist Kasimir Dorn",
        "the release of the journalist Kasimir Dorn",
        ("Belmora frees Arvenian journalist Kasimir Dorn",
         "Kasimir Dorn walks free after 14 months",
         "Journalist Dorn released in Port Wenna goodwill gesture",
         "Arvenian reporter freed at Kessany crossing"),
        ("Belmora {day} [released|freed] the Arvenian journalist Kasimir Dorn, who had been held for 14 "
         "months on espionage charges, in what officials called a goodwill gesture.",
         "Kasimir Dorn, an Arvenian reporter [detained|held] in Belmora since October last year, walked "
         "free {day} and was driven to the Kessany crossing.",
         "The Belmoran authorities {day} freed the Arvenian journalist Kasimir Dorn, whose detention "
         "had become a symbol of the [dispute|rift] between the two countries."),
        ("Dorn, 41, a [correspondent|reporter] for the Korvath daily Morning Lantern, was [arrested|"
         "detained] in Estrane in October 2023.",
         "The release was [arranged|negotiated] through the joint commission [created|set up] under the "
         "Port Wenna framework agreement.",
         "Lunmarran diplomats [accompanied|escorted] Dorn to the crossing, where he was handed over to "
         "Arvenian officials."),
        (("halk", "This release shows that the framework can deliver results for real people"),
         ("sarn", "Kasimir Dorn should never have spent a single day in a cell")),
        ("Dorn is expected to speak to reporters in Korvath later this week.",),
    ),
)

# ---------------------------------------------------------------------------------------------
# Generic article parts (frame-neutral)
# ---------------------------------------------------------------------------------------------

#: First sentence of a follow-up article; ``{delay}`` is "A day" / "Two days" / …
FOLLOWUP_LEADS: tuple[str, ...] = (
    "{delay} after {act_past}, [officials in both capitals were still weighing the consequences|the "
    "fallout continued to dominate the news in {capA} and {capB}|diplomats said the next steps "
    "remained unclear].",
    "[Reactions|Responses] kept coming in {on_weekday_pub}, {delay_lower} after {act_past}.",
    "The [aftermath|repercussions] of {noun} [were still being felt|continued to unfold] {on_weekday_pub}, "
    "{delay_lower} after the announcement.",
    "{delay} on, {noun} [remains|is still] the main topic of conversation among diplomats in Seravelle.",
)

FOLLOWUP_HEADLINES: tuple[str, ...] = (
    "{Tag}: what comes next",
    "Questions linger after {tag}",
    "Days after {tag}, diplomats take stock",
    "After {tag}, a region holds its breath",
    "Explainer: {tag} and the Ostrel Valley",
)

QUOTE_FORMATS: tuple[str, ...] = (
    "“{q},” {who} said.",
    "“{q},” said {who}.",
    "“{q},” {who} [told reporters|said in a statement|told a news conference in {city}].",
    "{Who} [said|told reporters|said in a statement]: “{q}.”",
)

ANALYSTS: tuple[tuple[str, str], ...] = (
    ("Petra Lune", "a senior fellow at the Seravelle Institute for Regional Studies"),
    ("Jonas Maelbeck", "director of the Centre for Littoral Affairs in Pellaris"),
    ("Selin Okaro", "a researcher at the University of Orvanne"),
    ("Rafe Ostby", "a former diplomat now at the Halden Foundation"),
    ("Ines Varga-Holm", "who teaches diplomacy at Estrane University"),
    ("Tobiah Kress", "an analyst at the Korvath Policy Forum"),
)

ANALYST_QUOTES: tuple[str, ...] = (
    "Both capitals are testing how far they can go without breaking everything",
    "The timing is not accidental. Both sides are sending signals",
    "This is a serious moment, but not yet a point of no return",
    "What matters now is what happens in the next two weeks",
    "Neither side wants to be seen blinking first",
    "There is more continuity here than the headlines suggest",
    "The real negotiation is happening away from the cameras",
    "Everyone in the region is watching how the other side responds",
    "It is a calculated step, and it was announced in a very deliberate way",
)

BACKGROUND: tuple[str, ...] = (
    "Relations between Arvenia and Belmora have been [strained|tense|difficult] for years over the "
    "Ostrel Valley, a fertile strip of land [both countries claim|claimed by both countries].",
    "The valley [changed hands|switched sides] twice in the last century and has been divided by an "
    "armistice line since 1994.",
    "[Fighting|Shelling and skirmishes] in the valley flared again last year, forcing thousands of "
    "residents from their homes.",
    "The dispute has also drawn in [neighbours|the wider region]: Drovania and Galvora both lie close "
    "to the valley’s northern end.",
    "Diplomats in Seravelle describe the standoff as the [most serious|worst|most dangerous] in the "
    "region in a generation.",
    "Lunmarra, a small island state, has [positioned itself|presented itself] as a neutral go-between "
    "since the spring.",
    "Arvenia and Belmora restored full diplomatic relations only in 2009, after a [decade-long|"
    "ten-year] freeze.",
    "The Kessany crossing, the only bridge over the Ostrel River still open, has become a symbol of "
    "the [divided valley|division of the valley].",
    "The Ostrel River [rises|has its source] in the Arvenian highlands and [flows|runs] south through "
    "Belmora to the sea.",
    "[Both governments|Korvath and Estrane] have accused each other of bad faith since talks collapsed "
    "in 2022.",
)

#: Background sentence that points back to an earlier event (``{prev_noun}``, ``{gap}``).
BACKGROUND_PREV: tuple[str, ...] = (
    "The [move|development|news] comes {gap} after {prev_noun}.",
    "It follows {prev_noun} {gap} ago.",
    "[Tensions|Relations] had already been tested by {prev_noun} {gap} earlier.",
    "[Only|Just] {gap} ago, the headlines were dominated by {prev_noun}.",
    "[Many|Some] diplomats [still link|connect] the latest turn to {prev_noun} {gap} before.",
)

CLOSINGS: tuple[str, ...] = (
    "The {Badj} foreign ministry did not [immediately respond to|answer] a request for comment.",
    "Further talks are expected in the coming weeks, [diplomats said|according to diplomats].",
    "Neither government has said what it will do next.",
    "Officials in Seravelle said they were following developments [closely|with concern].",
    "A spokesperson for the Concord of Nations said the Secretary-General had been briefed.",
    "[More details are|Further details were] expected [later in the week|in the coming days].",
    "The {Aadj} government [said it would|promised to] publish a fuller statement [on its website|"
    "in due course].",
)

#: Extra sentences a republishing outlet may add to wire copy (frame- and stance-neutral).
WIRE_ADDITIONS: tuple[str, ...] = (
    "{outlet} has asked both foreign ministries for comment.",
    "This article was updated with additional details from the statement.",
    "{outlet} will publish further updates as they become available.",
)

WIRE_REPORTERS: tuple[str, ...] = (
    "Mara Elsen", "Joss Tarrant", "Aldo Pernik", "Wren Castell", "Hanne Loyde", "Kit Sorrow",
)

# ---------------------------------------------------------------------------------------------
# Frame banks (each sentence carries at least one of the frame's FRAME_KEYWORDS)
# ---------------------------------------------------------------------------------------------

FRAME_BANK: dict[str, tuple[str, ...]] = {
    "Economic": (
        "[Investors|Traders] in {capA} reacted [nervously|cautiously], and the {Aadj} currency slid "
        "{pct_small} percent against the Sorvennian sorel by the close.",
        "Bilateral trade between {A} and {B}, worth about {money} billion sorels last year, "
        "[could fall sharply|is likely to suffer] if the dispute drags on, economists at {bank} estimated.",
        "Exporters of [grain|fertiliser|machine parts|timber] warned that shipping costs through the "
        "Ostrel corridor had already risen by {pct_small} percent.",
        "The tariffs at stake cover [steel, grain and textiles|machinery and chemicals|timber and fish "
        "products], and business groups in {capB} fear retaliation.",
        "Stock markets in {capB} [fell|slipped|wavered], losing {pct_small} percent as investors "
        "weighed the fallout.",
        "Energy prices, already high after a cold winter, could climb further, economists said, "
        "because Arvenia supplies a large share of the region’s gas.",
        "For exporters in the Ostrel Valley, the standoff is measured in [cancelled orders|delayed "
        "shipments|idle factories], according to the {Badj} Chamber of Commerce.",
        "The {Badj} finance ministry [estimated|calculated] that the dispute could shave {gdp} "
        "percentage points off economic growth this year.",
        "Business leaders [urged|pressed] both governments to shield commerce from the dispute, noting "
        "that {n_jobs} jobs in the valley depend on exports.",
        "Ratings agencies warned that prolonged uncertainty could raise borrowing costs for {A}, whose "
        "currency has lost {pct_small} percent since January.",
        "[Grain|Fuel|Fertiliser] prices in {capA} rose {pct_small} percent in a week, and importers "
        "said markets were pricing in a long dispute.",
        "Economists at {bank} said [a lasting deal|calm in the valley] could lift exports by as much as "
        "{money} billion sorels a year.",
    ),
    "Security_and_defense": (
        "Arvenia has massed an estimated {troops} troops near the Ostrel Valley, according to "
        "Belmoran military intelligence.",
        "Military analysts warned that the [move|decision] could weaken deterrence along a frontier "
        "already bristling with missile batteries.",
        "The {Badj} defence ministry put [border units|air defence units|its northern garrisons] on "
        "heightened alert [overnight|within hours].",
        "Officials are also worried about the {n_missiles} short-range missiles Arvenia deployed in the "
        "valley last year, which can reach Estrane within minutes.",
        "“Our armed forces are ready for any contingency,” a senior {Badj} military officer said, "
        "speaking on condition of anonymity.",
        "Drone incursions and artillery exchanges have killed {n_soldiers} soldiers on both sides "
        "since the spring, according to military sources.",
        "Defence planners in {capC} fear that a breakdown could draw neighbouring armed forces into "
        "the conflict.",
        "Intelligence services tracked [columns of armoured vehicles|troop movements|new missile "
        "launchers] heading toward the border in recent weeks, defence officials said.",
        "Galvora and Drovania have pledged air defence systems to bolster deterrence, a step Arvenia "
        "called provocative.",
        "Naval patrols in the Gulf of Lunmarra were doubled, and warships shadowed each other for hours, "
        "military officials said.",
        "Border guards on both sides have been reinforced by regular soldiers, and checkpoints now "
        "close at dusk.",
        "A retired general, {man}, said the military balance in the valley had “never been more fragile.”",
    ),
    "Morality": (
        "Church leaders and rights campaigners said the world had a moral duty not to look away.",
        "“This is a question of conscience, not convenience,” said {cleric}, a senior cleric in {capB}.",
        "Commentators called it a matter of national shame that civilians were being used as "
        "bargaining chips.",
        "For many {Bpeople}, the episode touches on deeper values: decency, honesty and loyalty to "
        "neighbours.",
        "“A nation that abandons its principles loses its dignity,” a prominent ethicist wrote in an "
        "open letter signed by {n_sign_small} academics.",
        "Critics argued that trading away principles for short-term gain would be morally indefensible.",
        "Religious leaders on both sides issued a rare joint appeal, urging leaders to act with "
        "humility and conscience.",
        "It is simply wrong, {activist} of the rights group Open Hand argued, to treat human lives as "
        "bargaining tokens, and a matter of basic decency to stop.",
        "The moral case for restraint, [supporters|its advocates] say, is stronger than any strategic "
        "calculation.",
        "Editorial writers framed the decision as a test of the nation’s values and of its duty to "
        "future generations.",
        "“We owe it to those who come after us to behave with dignity, even toward those who wrong "
        "us,” {cleric} told a congregation in {capA}.",
        "Several writers said the affair had exposed a moral emptiness at the heart of regional "
        "diplomacy, where principles bend to convenience.",
    ),
    "Legality": (
        "Legal experts said the step appeared to breach Article {art} of the Seravelle Convention on "
        "Diplomatic Relations.",
        "{B} has said it may challenge the decision before the Concord Tribunal in Seravelle.",
        "Under international law, lawyers noted, such a step requires proper notice and a stated cause.",
        "The legal basis for the measure remains contested, with each side citing a different article "
        "of the 1994 armistice convention.",
        "A panel of judges at the Concord Tribunal is already weighing a separate case over the "
        "valley’s status and the court’s jurisdiction.",
        "Government lawyers in {capB} were reviewing whether the move violated bilateral agreements "
        "signed in {year}.",
        "Human rights lawyers argued that the detentions in the valley lacked any lawful basis and "
        "violated due process.",
        "Scholars of international law said the case could set a precedent for how disputed frontiers "
        "are handled by the courts.",
        "The {Badj} constitutional court must still rule on whether the text requires ratification, "
        "legal advisers said.",
        "Both sides accuse each other of violating the legal obligations set out in the 1994 armistice "
        "convention.",
        "[Jurists|Legal scholars] at {capC} University said the dispute over jurisdiction could take "
        "years to resolve in court.",
        "{A} insists it acted within international law, citing Article {art} of the convention.",
    ),
    "Political": (
        "At home, the move plays well with the {Aadj} electorate ahead of [next year’s|the autumn] "
        "election, analysts said.",
        "Opposition leaders in {capB} accused the government of [weakness|mishandling the crisis|playing "
        "games with the country’s standing].",
        "The coalition government in {capB} is divided, with junior partners pushing for a "
        "[tougher|softer] line.",
        "Lawmakers from the ruling party [applauded|defended] the decision, while opposition lawmakers "
        "demanded a debate in parliament.",
        "Political analysts said the [timing|announcement] was aimed as much at a domestic audience as "
        "at foreign capitals.",
        "The episode has become a campaign issue, with rival candidates trading accusations over who "
        "would handle the crisis better.",
        "Within the ruling party, hardliners see the dispute as a chance to consolidate power before "
        "the party congress in {month}.",
        "The decision was seen in {capC} as a political gamble by a government that has trailed in "
        "recent by-elections.",
        "Diplomats said the decision reflected a political power struggle between the presidency and "
        "the foreign ministry.",
        "The political fallout has split the region, with {C} backing {B} while others urge both "
        "sides to negotiate.",
        "Opposition parties in {capA} said they would raise the matter at the next election.",
        "Coalition partners in {capB} threatened to walk out if the government made further concessions.",
    ),
    "Human_interest": (
        "For {woman}, a {age}-year-old {occupation} from {town}, the news was deeply personal: her son "
        "has been away from home since {month}.",
        "“I just want to hug my daughter again,” said {woman}, whose family has waited {months} months "
        "for news.",
        "In the village of {village}, families gathered around radios, hoping to hear the names of "
        "loved ones.",
        "{man}, a {age}-year-old {occupation}, said his children had not slept properly since the "
        "crisis began.",
        "Relatives of detainees held a candlelight vigil outside the ministry, holding photographs of "
        "husbands, sons and brothers.",
        "At the Kessany crossing, {woman} clutched a bag of clothes she had packed for her brother, "
        "just in case.",
        "Many families in the Ostrel Valley have relatives on both sides of the line, and each "
        "diplomatic rupture cuts them off again.",
        "“We are ordinary people, we didn’t choose any of this,” said {man}, a father of {n_kids} who "
        "runs a bakery in {town}.",
        "Teachers in {town} said children now ask every morning whether the crossing will open.",
        "{woman}, a {age}-year-old nurse, said she had not seen her grandchildren across the valley "
        "for {months} months.",
        "{man} said his mother, who lives alone in {village}, now keeps a suitcase packed by the door.",
        "“My husband calls every night, and every night I ask him the same question,” said {woman}, a "
        "mother of {n_kids}.",
    ),
    "Public_opinion": (
        "A poll by {pollster} published this week found that {pct} percent of {Bpeople} "
        "[supported|opposed] the government’s handling of the crisis.",
        "Hundreds of protesters gathered outside government buildings in {capB}, chanting slogans and "
        "waving flags.",
        "Public opinion appears to be hardening: {pct} percent of respondents in a recent survey said "
        "the other side could not be trusted.",
        "Demonstrators in {capA} marched on the foreign ministry, some carrying banners reading "
        "“No more concessions.”",
        "Surveys show a clear generational divide, with younger voters favouring dialogue and older "
        "voters backing a harder line.",
        "The mood on the streets of {capB} was [defiant|anxious|weary], according to a snap survey by "
        "{pollster}.",
        "Only {pct_low} percent of {Apeople} believe the talks will succeed, according to the latest "
        "{pollster} poll.",
        "A petition demanding a referendum on the issue gathered {n_sign} signatures in two days.",
        "Government approval ratings rose {pct_small} points after the announcement, polling data showed.",
        "Call-in radio shows were dominated by the issue, and a survey by {pollster} found {pct} "
        "percent of listeners wanted talks to continue.",
        "Protesters and counter-demonstrators faced each other outside parliament in {capA} "
        "[for several hours|late into the evening].",
        "Public opinion in {capC} has shifted too: {pct_low} percent of respondents in a {pollster} "
        "survey now favour sanctions.",
    ),
}

# ---------------------------------------------------------------------------------------------
# Stance banks: {full} is the actor's full name, {short} the surname. Every sentence names the
# actor by full name.
# ---------------------------------------------------------------------------------------------

STANCE_BANK: dict[str, tuple[str, ...]] = {
    "positive": (
        "Supporters credited {full} with steady leadership at a delicate moment.",
        "{full} was widely praised for keeping channels open when others had given up.",
        "Diplomats from several countries praised {full} for a calm and pragmatic approach.",
        "Even some critics conceded that {full} had handled the crisis with skill and composure.",
        "{full} emerged from the episode looking statesmanlike, and {short}’s careful diplomacy has "
        "won admirers abroad.",
        "Allies hailed {full} as a reliable partner whose patience made progress possible.",
        "Commentators praised {full} for steady leadership and a sure touch under pressure.",
    ),
    "negative": (
        "Critics accused {full} of a reckless gamble that could backfire.",
        "{full} was condemned by neighbours as erratic and needlessly provocative.",
        "Detractors said {full} had once again put personal prestige first, calling the move reckless.",
        "The handling of the affair by {full} was condemned as clumsy and arrogant by former diplomats.",
        "Observers described {full} as increasingly isolated, and {short}’s belligerent rhetoric drew "
        "sharp rebukes.",
        "Rival politicians condemned {full} for what they called a reckless and self-serving decision.",
        "{full} has been accused of inflaming the dispute with erratic, combative statements.",
    ),
    "neutral": (
        "{full} is expected to [address the issue again|speak about the matter] [later this week|in the coming days].",
        "A spokesperson for {full} declined to comment [further on the details|beyond the official statement].",
        "{full} has not [publicly set out|announced] a timetable for the next steps.",
        "{full} met [advisers|senior officials] on the matter, according to an official schedule.",
        "{full} was briefed on the situation, officials said, without giving details.",
        "{full} is due to travel to [Seravelle|Port Wenna|Orvanne] later this month, according to "
        "officials.",
        "{full} [made no public comment|gave no public statement] on {weekday}, [aides said|according "
        "to aides].",
        "Asked about the matter, {full} [referred reporters|pointed] to an earlier statement.",
    ),
}

# ---------------------------------------------------------------------------------------------
# Name pools for random slots
# ---------------------------------------------------------------------------------------------

WOMEN = ("Marta Kessel", "Ilona Dravik", "Edda Ostrand", "Nell Veller", "Runa Marsk", "Tova Brenlow",
         "Agnes Pellin", "Yara Holst", "Carla Denning", "Sefa Orlan", "Liese Kamber", "Mirja Tell")
MEN = ("Anton Drell", "Bram Ostrik", "Emil Varnas", "Goran Pell", "Hugo Marrick", "Lukas Fenn",
       "Oskar Tamm", "Pavel Renko", "Sten Halloway", "Viktor Lune", "Jarek Moss", "Teo Brannic")
TOWNS = ("Velsk", "Marrow Ford", "Tolbeck", "Hessary", "Lindqvale", "Ostmere", "Kessany", "Dunharrow")
VILLAGES = ("Little Ostrel", "Brannock", "Sedge Hollow", "Varn", "Eastmere", "Pellow")
OCCUPATIONS = ("schoolteacher", "farmer", "bus driver", "pharmacist", "shopkeeper", "retired miner",
               "seamstress", "carpenter", "postal worker", "engineer")
POLLSTERS = ("Civica Research", "Halden Polling", "Northpoll", "Vox Littoral", "Meridian Surveys")
BANKS = ("Ostrel Commercial Bank", "Seravelle Capital", "the Littoral Development Bank", "Korvath Savings")
CLERICS = ("Bishop Anselm Greer", "Sister Ilse Varn", "Canon Corvin Dale", "Elder Tamsin Rook")
ACTIVISTS = ("Nika Sorell", "Bastian Greve", "Oona Falk", "Dario Penz")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# ---------------------------------------------------------------------------------------------
# README of the generated folder (filled with str.format by generate_demo)
# ---------------------------------------------------------------------------------------------

README_TEMPLATE = """# Demo corpus (synthetic)

**Everything in this folder is synthetic.** The countries (Arvenia, Belmora, Sorvenne, Costrava,
Drovania, Galvora, Lunmarra), the Ostrel Valley dispute, the Concord of Nations, every outlet,
person, city, event and quote are invented. No real news text was used. The articles are built
from sentence templates in `toolkit/datasets/demo_text.py` by `toolkit/datasets/demo.py`.

Research question it is shaped for: *how do different outlets report the same diplomatic event?*

## Numbers

- articles: {n_articles} ({n_originals} originals + {n_copies} wire copies), {min_words}-{max_words} words each
- outlets: {n_outlets}; events: {n_events}; outlet x event cells covered: {n_cells_covered} of {n_cells}
  (every outlet misses at least one event)
- frame labels: {n_frame_rows} rows over {n_frames} frames; stance labels: {n_stance} rows for 2 targets
- wire copies: {n_copies} ({pct_copies} % of articles)
- bad rows: `bad_rows.csv` {bad_csv} rejected + {kept_csv} kept-but-cleaned of 32 data rows;
  `bad_rows.jsonl` {bad_jsonl} rejected + {kept_jsonl} kept-but-cleaned of 24 lines
- seed: {seed}

## Files

| file | content |
|---|---|
| `articles.jsonl` | clean canonical table, one JSON object per line, keys `doc_id, outlet, published, title, text, url, event_id, lean, language`; `published` is ISO 8601 UTC (`2024-03-05T09:30:00Z`); sorted by `doc_id` |
| `articles_raw.jsonl` | the same articles (same `doc_id`s) as a scraper would deliver them: breadcrumb line, repeated headline, share/subscribe/related/advertisement lines, some mojibake, some HTML |
| `raw_residue.csv` | `doc_id, kind`: which residue was planted in each raw text |
| `outlets.csv` | `outlet, lean, country, kind, description` |
| `events.csv` | `event_id, date, kind, title, countries` (`;`-separated), `summary` |
| `frames.csv` | gold frames: `doc_id, scheme, frame` (scheme `{scheme}`) |
| `primary_frames.csv` | `doc_id, frame`: the primary frame of each article |
| `frame_propensities.csv` | `outlet, frame, probability`: declared P(frame present) |
| `actor_stance.csv` | gold stance: `doc_id, target, label` (negative/neutral/positive) |
| `stance_propensities.csv` | `outlet, target, negative, neutral, positive`: declared label probabilities |
| `wire_copies.csv` | `doc_id, original_doc_id` |
| `actors.csv` | `actor, role, country` |
| `bad_rows.csv`, `bad_rows.jsonl` | inputs with broken rows for the validator |
| `bad_rows_expected.csv` | `file, line, expected_reason_key` for every bad line of the two files |

### Outlets

| outlet | lean | country | kind |
|---|---|---|---|
{outlet_lines}

### Events

| event_id | date | kind | title |
|---|---|---|---|
{event_lines}

## Planted ground truth

1. **Same-event groups**: `event_id` on every article. Articles appear on the event day or up
   to five days later (follow-ups).
2. **Frames** (Policy Frames Codebook names, scheme `{scheme}`):
   {frame_names}. Each outlet has a declared propensity vector (`frame_propensities.csv`); e.g. The Commerce Daily uses Economic
   with p=0.95 and Harbour Ledger with p=0.20, while Harbour Ledger uses Human_interest with
   p=0.85. Each original article draws every frame independently with its outlet's probability
   (if none is drawn, the outlet's most likely frame is used) and realises it with 1-3 sentences
   from a frame-specific bank. Frame vocabulary (tariffs, investors, markets / troops, missiles,
   deterrence / conscience, duty, values / court, international law, lawyers / opposition,
   coalition, election / families, children, relatives / poll, survey, protesters) occurs only
   in sentences of that frame. The primary frame (2-3 sentences, right after the lead) is drawn
   among the article's frames with weights proportional to the propensities.
3. **Stance** toward Aurel Vantos (President of Arvenia) and Teodor Halk (Foreign Minister of
   Belmora). Every article on an event in which the actor takes part gets a label drawn from
   its outlet's `stance_propensities.csv` row and 1-2 sentences naming the actor in full
   (positive: "praised", "steady leadership"; negative: "reckless", "condemned"; neutral:
   scheduling and no-comment lines). An actor's surname appears in an article if and only if
   the article has a row for that actor in `actor_stance.csv`.
4. **Wire copies**: Northwind Press Agency stories republished by other outlets with a new
   headline, a changed dateline, one sentence removed and/or one added, and a
   "(Reporting by ...)" line. Copies have their own `doc_id` and `outlet`, the original's
   `event_id`, and inherit its frame and stance labels; the frame propensities describe
   originals only. Copies are only made by outlets that also cover the event themselves.

## Raw variant

Planted residue, number of documents per kind:
{residue_lines}.

Every raw text starts with a breadcrumb line (`Home / <section> / <headline>`) and repeats the
headline as its first body line; trailing lines are `Share this:`, `Related: <headline>`,
`Source link`, `Leave a Reply`, `Subscribe to our newsletter`, and some texts carry an
`Advertisement` line between paragraphs. Mojibake is one sentence encoded as UTF-8 and decoded
as cp1252 (`’` -> `â€™`); HTML texts are `<p>` paragraphs inside `<article>`. Removing the
planted residue (lines, repeated headline, markup) and repairing the mojibake gives back the
clean text of `articles.jsonl` exactly.

## Bad rows

`bad_rows.csv` is valid UTF-8 CSV with the canonical columns. All records sit on one physical
line except the last one (multi-line boilerplate text), so for the CSV the line number of a
record equals its physical start line (the header is line 1). `bad_rows.jsonl` has one record per
physical line; line 5 is a truncated object (listed as invalid_json), line 6 an array and
line 20 a bare string (not_an_object), and line 8 contains invalid UTF-8 bytes on purpose
(undecodable). The CSV has two only_boilerplate rows: a single residue line and a multi-line
text of residue lines (the last record). Reason keys: missing_doc_id,
missing_outlet, empty_text, bad_date, only_boilerplate, duplicate_doc_id (second occurrence),
invalid_json, not_an_object, undecodable; rows that must be *kept* and cleaned are listed as
kept_html and kept_mojibake.

## Loading and regenerating

```python
from toolkit.datasets.demo import load_demo
demo = load_demo()            # demo.articles, demo.tables["frames"], ...
raw = load_demo(raw=True)     # texts from articles_raw.jsonl, uncleaned
```

Regenerate (byte-identical for the same seed):

```
python -m toolkit.datasets.demo            # writes into corpora/demo
python -m toolkit.datasets.demo --out /tmp/demo --seed {seed}
```
"""
