"""Names and ethnicity for demo people, as a northern English custody suite records them.

Frequencies are rough and only need to look plausible: common given names by birth cohort
(ONS baby-name lists) and the commonest family names in the North East.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from random import Random

from checkpoint.domain.people import Ethnicity, Sex

E = Ethnicity


def _names(words: str) -> tuple[str, ...]:
    """Split a space-separated list of names (compact to read, unlike one name a line)."""
    return tuple(words.split())


# Self-defined ethnicity of people in custody in a mostly White British force area (the
# North East is about 93% White British at the 2021 census; custody skews slightly more
# diverse). NOT_STATED is common because people may decline to say.
SELF_DEFINED_WEIGHTS: dict[Ethnicity, float] = {
    E.WHITE_BRITISH: 85.0,
    E.WHITE_IRISH: 0.5,
    E.WHITE_GYPSY_IRISH_TRAVELLER: 0.9,
    E.WHITE_ROMA: 0.3,
    E.WHITE_OTHER: 2.8,
    E.MIXED_WHITE_BLACK_CARIBBEAN: 0.6,
    E.MIXED_WHITE_BLACK_AFRICAN: 0.3,
    E.MIXED_WHITE_ASIAN: 0.5,
    E.MIXED_OTHER: 0.4,
    E.ASIAN_PAKISTANI: 0.8,
    E.ASIAN_BANGLADESHI: 0.4,
    E.ASIAN_INDIAN: 0.4,
    E.ASIAN_CHINESE: 0.3,
    E.ASIAN_OTHER: 0.4,
    E.BLACK_AFRICAN: 0.8,
    E.BLACK_CARIBBEAN: 0.2,
    E.BLACK_OTHER: 0.2,
    E.OTHER_ARAB: 0.3,
    E.OTHER_ANY: 0.3,
    E.NOT_STATED: 4.0,
}

# How an officer's observation can differ from what the person says: finer categories are
# often seen as the broad majority one, and sub-groups get confused.
OBSERVED_CONFUSIONS: dict[Ethnicity, tuple[float, tuple[Ethnicity, ...]]] = {
    E.WHITE_IRISH: (0.6, (E.WHITE_BRITISH,)),
    E.WHITE_GYPSY_IRISH_TRAVELLER: (0.5, (E.WHITE_BRITISH,)),
    E.WHITE_ROMA: (0.5, (E.WHITE_OTHER,)),
    E.WHITE_OTHER: (0.3, (E.WHITE_BRITISH,)),
    E.MIXED_WHITE_BLACK_CARIBBEAN: (0.5, (E.BLACK_CARIBBEAN, E.BLACK_OTHER, E.WHITE_BRITISH)),
    E.MIXED_WHITE_BLACK_AFRICAN: (0.5, (E.BLACK_AFRICAN, E.BLACK_OTHER)),
    E.MIXED_WHITE_ASIAN: (0.5, (E.WHITE_BRITISH, E.ASIAN_OTHER)),
    E.MIXED_OTHER: (0.5, (E.WHITE_OTHER, E.OTHER_ANY)),
    E.ASIAN_BANGLADESHI: (0.25, (E.ASIAN_PAKISTANI, E.ASIAN_OTHER)),
    E.ASIAN_PAKISTANI: (0.15, (E.ASIAN_INDIAN, E.ASIAN_OTHER)),
    E.ASIAN_INDIAN: (0.15, (E.ASIAN_PAKISTANI, E.ASIAN_OTHER)),
    E.BLACK_CARIBBEAN: (0.2, (E.BLACK_OTHER, E.BLACK_AFRICAN)),
    E.BLACK_AFRICAN: (0.1, (E.BLACK_OTHER,)),
    E.OTHER_ARAB: (0.4, (E.ASIAN_OTHER, E.OTHER_ANY)),
    E.OTHER_ANY: (0.4, (E.WHITE_OTHER, E.ASIAN_OTHER)),
}

MALE_OLDER = _names(
    "David Paul Mark Michael Andrew Stephen Peter Ian John Gary Steven Richard Robert "
    "Alan Kevin Neil Brian Colin Keith Anthony Graham Philip Martin Darren Wayne "
    "Christopher Shaun Trevor Barry Stuart Derek Raymond Malcolm Kenneth Dean"
)
MALE_MIDDLE = _names(
    "Daniel Christopher Michael James Matthew David Craig Lee Adam Ryan Jonathan Andrew "
    "Mark Carl Scott Jamie Thomas Stephen Paul Richard Anthony Simon Robert Sean Dean "
    "Liam Kyle Martin Steven Karl Ashley Jason Philip Gareth Wayne"
)
MALE_YOUNGER = _names(
    "Jack Thomas Joshua James Daniel Liam Callum Connor Ryan Lewis Jordan Kieran Luke "
    "Bradley Jake Reece Nathan Kyle Adam Aaron Dylan Ethan Jamie Harry Matthew Owen Jay "
    "Brandon Scott Tyler Shane Alex Mason Declan Ben"
)
FEMALE_OLDER = _names(
    "Susan Julie Karen Tracey Lisa Michelle Joanne Jacqueline Linda Sharon Deborah Angela "
    "Alison Helen Elizabeth Patricia Carol Christine Dawn Gillian Amanda Margaret Denise "
    "Lorraine Wendy"
)
FEMALE_MIDDLE = _names(
    "Sarah Emma Claire Nicola Kelly Laura Rebecca Gemma Lisa Michelle Lindsay Donna "
    "Stacey Samantha Joanne Hayley Amy Victoria Kerry Natalie Leanne Louise Rachel "
    "Danielle Katie"
)
FEMALE_YOUNGER = _names(
    "Chloe Jessica Emily Megan Lauren Sophie Rebecca Shannon Amy Hannah Bethany Courtney "
    "Jade Abbie Chelsea Ellie Paige Leah Holly Georgia Kayleigh Olivia Caitlin Jodie "
    "Amber"
)
FAMILY = _names(
    "Smith Brown Wilson Robson Taylor Thompson Johnson Walker Bell Scott Anderson Hall "
    "Armstrong Graham Wood Young Jackson White Robinson Harrison Wright Turnbull Dixon "
    "Davison Atkinson Hutchinson Charlton Stephenson Elliott Watson Richardson Clark "
    "Jones Hodgson Milburn Nicholson Lowes Storey Forster Ridley Carr Bainbridge Dodds "
    "Hughes Johnston Kelly Lee Marshall Martin Moore Murray Parker Pearson Reed Simpson "
    "Stewart Thomson Walton Ward Patterson Ramshaw Tweddle Coulson Peacock Gibson "
    "Henderson Lawson Mitchell Phillips Cook Burn Gray McDonald Davies Matthews Clarke "
    "Reid Heslop Teasdale Wilkinson Raine Errington Dunn Todd Liddle"
)
# Smaller lists so a person's name fits their self-defined ethnicity.
GROUP_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # (male given, female given, family)
    "polish": (
        _names("Piotr Tomasz Krzysztof Lukasz Marcin Pawel Andrei Mihai Darius Tomas"),
        _names("Anna Katarzyna Agnieszka Monika Ioana Elena Ruta"),
        _names(
            "Nowak Kowalski Wisniewski Lewandowski Popescu Ionescu Kazlauskas Petrauskas "
            "Zielinski Wojcik"
        ),
    ),
    "south_asian": (
        _names("Mohammed Ali Imran Adil Zubair Hamza Asif Sajid Rizwan Shahid Arjun Rahul"),
        _names("Ayesha Fatima Sana Nadia Priya Shabana Rukhsana"),
        _names("Khan Hussain Ahmed Ali Iqbal Akhtar Rahman Miah Patel Singh Begum Mahmood"),
    ),
    "chinese": (
        _names("Wei Jun Hao Ming Kevin Jason"),
        _names("Mei Li Xiu Jenny"),
        _names("Chen Wang Li Zhang Wong Liu Cheung"),
    ),
    "african": (
        _names("Emmanuel Samuel Abdi Mohamed Chinedu Kwame Tendai Daniel"),
        _names("Grace Blessing Amina Fadumo Esther Chipo"),
        _names("Okafor Mensah Abdi Hassan Adeyemi Mohamed Osei Moyo"),
    ),
    "arab": (
        _names("Ahmed Omar Yusuf Khalid Karim Mustafa"),
        _names("Layla Mariam Noor Huda"),
        _names("Al-Sayed Haddad Mansour Saleh Nasser Karimi"),
    ),
}
ETHNIC_NAME_GROUP: dict[Ethnicity, str] = {
    E.WHITE_OTHER: "polish",
    E.WHITE_ROMA: "polish",
    E.ASIAN_PAKISTANI: "south_asian",
    E.ASIAN_BANGLADESHI: "south_asian",
    E.ASIAN_INDIAN: "south_asian",
    E.ASIAN_OTHER: "south_asian",
    E.ASIAN_CHINESE: "chinese",
    E.BLACK_AFRICAN: "african",
    E.OTHER_ARAB: "arab",
}

SPELLING_VARIANTS: dict[str, tuple[str, ...]] = {
    "Steven": ("Stephen",),
    "Stephen": ("Steven",),
    "Jon": ("John",),
    "John": ("Jon",),
    "Philip": ("Phillip",),
    "Mohammed": ("Muhammad", "Mohammad"),
    "Sean": ("Shaun", "Shawn"),
    "Shaun": ("Sean",),
    "Lee": ("Leigh",),
    "Carl": ("Karl",),
    "Karl": ("Carl",),
    "Matthew": ("Mathew",),
    "Katie": ("Katy",),
    "Rachel": ("Rachael",),
    "Nicola": ("Nichola",),
    "Hayley": ("Haley",),
    "Connor": ("Conor",),
    "Callum": ("Calum",),
    "Lindsay": ("Lindsey",),
    "Kayleigh": ("Kayley",),
    "Jodie": ("Jody",),
    "Tracey": ("Tracy",),
    "Abbie": ("Abby",),
    "Thompson": ("Thomson",),
    "Thomson": ("Thompson",),
    "Phillips": ("Philips",),
    "Smith": ("Smyth",),
    "McDonald": ("MacDonald",),
    "Reid": ("Reed",),
    "Reed": ("Reid",),
    "Gray": ("Grey",),
    "Clark": ("Clarke",),
    "Clarke": ("Clark",),
    "Davies": ("Davis",),
    "Matthews": ("Mathews",),
    "Johnston": ("Johnstone",),
    "Stephenson": ("Stevenson",),
    "Hodgson": ("Hodgeson",),
    "Davison": ("Davidson",),
    "Hussain": ("Hussein",),
    "Mohamed": ("Mohammed",),
    "Ahmed": ("Ahmad",),
}
NICKNAMES: dict[str, str] = {
    "Daniel": "Danny",
    "Michael": "Mick",
    "David": "Dave",
    "Christopher": "Chris",
    "Anthony": "Tony",
    "Robert": "Rob",
    "James": "Jamie",
    "Thomas": "Tom",
    "Joshua": "Josh",
    "Matthew": "Matty",
    "Andrew": "Andy",
    "Nathan": "Nate",
    "Bradley": "Brad",
    "Rebecca": "Becky",
    "Elizabeth": "Liz",
    "Samantha": "Sam",
    "Victoria": "Vicky",
    "Jacqueline": "Jackie",
    "Deborah": "Debbie",
    "Margaret": "Maggie",
    "Jessica": "Jess",
}


def weighted(rng: Random, weights: dict[Ethnicity, float]) -> Ethnicity:
    """Pick a key with probability proportional to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def ethnicities(rng: Random) -> tuple[Ethnicity, Ethnicity]:
    """Return a person's self-defined and officer-observed ethnicity."""
    self_defined = weighted(rng, SELF_DEFINED_WEIGHTS)
    if self_defined is E.NOT_STATED:
        # The officer still records what they see; occasionally they leave it blank too.
        observed = (
            E.NOT_STATED
            if rng.random() < 0.1
            else weighted(
                rng, {k: v for k, v in SELF_DEFINED_WEIGHTS.items() if k is not E.NOT_STATED}
            )
        )
        return self_defined, observed
    confusion = OBSERVED_CONFUSIONS.get(self_defined)
    if confusion is not None and rng.random() < confusion[0]:
        return self_defined, rng.choice(confusion[1])
    return self_defined, self_defined


def _given_pool(sex: Sex, born: date) -> tuple[str, ...]:
    # Given names follow fashion, so the pool depends on the decade of birth.
    cohorts: tuple[tuple[str, ...], ...] = (
        (FEMALE_OLDER, FEMALE_MIDDLE, FEMALE_YOUNGER)
        if sex is Sex.FEMALE
        else (MALE_OLDER, MALE_MIDDLE, MALE_YOUNGER)
    )
    return cohorts[0] if born.year < 1975 else cohorts[1] if born.year < 1993 else cohorts[2]


def _zipf_choice(rng: Random, pool: Sequence[str]) -> str:
    # Earlier names in each list are commoner: a gentle Zipf-like skew.
    index = min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)
    if rng.random() < 0.5:
        index = rng.randrange(len(pool))
    return pool[index]


def person_name(rng: Random, *, sex: Sex, born: date, ethnicity: Ethnicity) -> tuple[str, str]:
    """Return (given names, family name) plausible for the person's sex, age and ethnicity."""
    group = ETHNIC_NAME_GROUP.get(ethnicity)
    if group is not None:
        male, female, family = GROUP_NAMES[group]
        given_pool: Sequence[str] = female if sex is Sex.FEMALE else male
        first, family_name = rng.choice(given_pool), rng.choice(family)
        middle_pool = given_pool
    else:
        given_pool = _given_pool(sex, born)
        first, family_name = _zipf_choice(rng, given_pool), _zipf_choice(rng, FAMILY)
        middle_pool = _given_pool(sex, date(1960, 1, 1)) + tuple(given_pool)
    if rng.random() < 0.55:
        middle = rng.choice(middle_pool)
        if middle != first:
            return f"{first} {middle}", family_name
    return first, family_name


def alias_for(rng: Random, *, sex: Sex, given: str, family: str) -> tuple[str, str]:
    """Return a believable other name: a maiden name, a spelling variant or a nickname."""
    first, _, middle = given.partition(" ")
    if sex is Sex.FEMALE and rng.random() < 0.45:
        maiden = _zipf_choice(rng, FAMILY)
        if maiden != family:
            return given, maiden
    if first in SPELLING_VARIANTS and rng.random() < 0.6:
        return " ".join(filter(None, (rng.choice(SPELLING_VARIANTS[first]), middle))), family
    if family in SPELLING_VARIANTS and rng.random() < 0.6:
        return given, rng.choice(SPELLING_VARIANTS[family])
    if first in NICKNAMES:
        return NICKNAMES[first], family
    if middle:
        # Known by the middle name.
        return middle, family
    return given, _keying_slip(rng, family)


def _keying_slip(rng: Random, family: str) -> str:
    """Return the family name as it is often mis-keyed: a letter doubled, dropped or added."""
    doubled = [i for i in range(1, len(family)) if family[i] == family[i - 1]]
    if doubled:
        i = rng.choice(doubled)
        return family[:i] + family[i + 1 :]
    if family[-1] not in "aeiouy" and rng.random() < 0.4:
        return family + "e"
    spots = [
        i
        for i in range(2, len(family))
        if family[i - 1] not in "aeiouyhw"
        and family[i - 2] in "aeiou"
        and family[i] != family[i - 1]
    ]
    if not spots:
        return family + "e"
    i = rng.choice(spots)
    return family[:i] + family[i - 1] + family[i:]
