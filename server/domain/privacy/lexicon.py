"""The word lists of the scrubber: what it writes (``PLACEHOLDERS``) and the words it reads.

Hand-made and checked against the name lists of the pinned Faker (pyproject.toml): a change
here is a change in what gets scrubbed, so run tests/unit/test_privacy.py and bench/scrub.py.
"""

from __future__ import annotations

PLACEHOLDERS = {"email": "[email]", "phone": "[phone]", "url": "[link]", "handle": "[handle]", "name": "[name]"}

# --------------------------------------------------------------------------- contact data

# "@home", "@work": where, not who.
HANDLE_STOP = frozenset(
    "home work school office gym church night noon midnight lunch dinner breakfast weekend weekends "
    "everyone all here there me you them us night".split()
)
# Top-level domains that make "word.tld" a bare link (contacts.py).
TLDS = frozenset(
    "com net org edu gov mil int info biz name pro io co ai app dev xyz ly tv fm gg "
    "uk us ca au nz ie de fr es it nl be ch at se no dk fi pl pt br mx ar cl jp cn kr in ru eu "
    "za ng ke gh eg ae sa il tr gr cz hu ro sg hk tw ph vn th pk bd lk np me is to so la "
    "page link live life world news media site club shop store blog online website tech social".split()
)
# Top-level domains that are also words ("tried.it", "for.me", "log.in"): need a path.
TLDS_NEED_PATH = frozenset(
    "it me in is no us so to at be la page link live life world news media site club shop store "
    "blog online website tech social name pro".split()
)

# --------------------------------------------------------------------------- names

# Never names: function words, pronouns, days, kinship terms, deities, holidays, brands...
STOP = frozenset(
    """
    i i'm i’m i've i’ve i'll i’ll i'd i’d im ive id me my mine myself we us our ours you your yours
    he him his she her hers it its they them their theirs this that these those
    who whom whose what which when where why how
    the a an and or but nor so yet for of in on at to from by with without about into onto over under after
    before since until till between through during against among around near off out up down as than then
    if because though although while whether not no yes ok okay oh ah hey hi hello bye thanks thank sorry
    please dear well just also only even still very really too much many more most less least some any all
    every each both either neither none one two three four five six seven eight nine ten first second last
    next other another such same own is am are was were be been being have has had do does did done can
    could would shall should might must let lets let's here there now today tonight tomorrow
    yesterday always never sometimes often usually maybe perhaps
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays
    fridays saturdays sundays weekend weekends january february march september october november december
    feb apr jun jul aug sept oct nov dec
    mum mom mam mama mamma momma mommy mummy ma dad daddy papa pa pops nan nana nanna gran granny grandma
    grandpa grandad granddad grandmother grandfather auntie aunty aunt uncle sis bro babe hun
    sir madam ma'am mr mrs ms miss mx dr prof
    god gods jesus christ allah lord buddha yahweh jehovah messiah holy bible quran koran torah
    christmas xmas easter lent ramadan eid diwali hanukkah passover thanksgiving halloween valentine valentines
    english british french german spanish italian dutch irish scottish welsh european american canadian
    chinese japanese korean indian mexican african asian australian russian thai vietnamese greek turkish
    polish swedish norwegian danish finnish portuguese brazilian nigerian kenyan pakistani filipino
    egyptian israeli arab arabic persian latin latino latina hispanic scandinavian nordic celtic
    christians muslim muslims hindu jewish buddhist catholic protestant
    alexa siri cortana google apple amazon microsoft facebook instagram twitter tiktok linkedin whatsapp
    youtube netflix spotify zoom slack teams tesla mercedes porsche lexus chanel bose dell hoover
    covid corona internet wifi email mail phone text
    """.split()
)
MONTHS = frozenset("january february march april may june july august september october november december".split())

# First names from the list that are also everyday English words, places, months, brands
# or otherwise often capitalised as something else (and every name of one or two letters):
# a name only with a cue. Chosen by hand from the list's names whose lowercase form is a
# dictionary word of some frequency, plus places and brands; a family name from the
# list, or a cue, still makes them a name.
AMBIGUOUS = frozenset(
    """
    Africa Europe Asia Antarctica Oceania Tai Age Side
    Ab Abbey Ace Add Adelaide Admiral Ah Al Alabama Albino Ale Alexa Allah Ally Almond Alpha
    Alto Amazon Amber America Amor Angel Angeles Angelic Ante Apollo Apple April Arch Archer
    Aria Arizona Art Asia Aspen Atlas August Aura Aurora Austin Author Autumn Baba Babe Baby
    Baker Bali Banks Baptist Barb Baron Basil Bee Bell Belle Bent Berlin Berry Bill Bird
    Birdie Bishop Bitten Blaze Blessing Bliss Blossom Bo Bose Boss Boston Brain Branch
    Brandy Bristol Brit Brook Brooklyn Brown Buck Bud Buddha Buddy Bunk Burns Bush Buster
    Butler Cadence Caesar Cam Camino Canal Candy Cannon Canyon Cap Captain Carolina Carry
    Case Cash Chad Champ Chance Chanel Charity Chase Chastity Chelsea Cherish Cherry Chester
    Chin China Chip Christ Christian Christmas Chuck Cinnamon Clay Cleveland Cliff Colon
    Colonel Colt Columbia Columbus Comfort Commodore Con Coral Cord Corona Cortana Council
    Creed Crystal Cuba Daisy Dakota Dale Dallas Danish Dawn Dayton Deacon Dean Del Dell
    Delta Denver Desi Destiny Dev Devon Diamond Doc Dock Doctor Doll Dolly Dot Dove Drake
    Drew Duke Dusty Earl Early Earnest Easter Ebb Ebony Echo Ed Eden Edit Elder Elle Else
    Emerald Emit Era Erie Essence Essex Eta Ether Eve Ever Everest Fairy Faith Fancy Fate
    Fawn Fed Feline Fern Fisher Fleet Flint Floor Flora Florence Florida Ford Forest Forum
    Foster Franc Francisco Frank French Friend Fuller Gala Gale Garland Garner Garnet
    Garrison Gauge Gay Gee Gene General Genesis Geneva Genie Geo Georgia Georgian German
    Ginger Glen Golden Gorge Governor Grace Grant Gray Green Grit Grove Gun Gunner Gust Guy
    Hale Hall Ham Hampton Handy Harden Hardy Harm Harmony Harsh Hart Haven Hazel Heath
    Heather Heaven Hence Herb Hill Holden Holland Holly Hoover Hope Houston Hudson Hung Hunt
    Hunter Icy Immaculate Imo India Indiana Indie Infant Innocent Ion Ireland Iris Isis
    Israel Ivory Ivy Jade Jan January Jasmine Jean Jersey Jesus Jet Jewel Jo Job Jordan Josh
    Journey Joy Judge June Junior Justice Kale Karma Kent Kenya Kick King Kingston Kip Kit
    Kitty Lady Lafayette Lance Lane Lark Laurel Lavender Lawyer Le Leafy Lemon Leone Les
    Less Lexus Li Liberty Lily Lincoln Linden Line Link Little Lo London Lone Long Loot Lord
    Lore Lot Louisiana Love Loyal Lu Lucky Lyric Mac Mace Mad Magnolia Major Male Man Manila
    Manly Mar Mare Margarita Marina Marine Mark Marry Marsh Marshal Mart Marvel Mason Mat
    Math Maverick Max Maxim May Mayo Meadow Media Melbourne Melody Memphis Mercedes Mercy
    Merry Messiah Meta Metro Milan Miles Miller Mills Miner Minor Miracle Missouri Misty
    Montana Montserrat Moody My Nada Nail Nan Nana Nas Nazi Neo Nevada Newt Nile Noble Noel
    North Nova Novella Octave Odd Olive Om Opal Oral Orange Orlando Ova Owe Page Pandora
    Paris Park Pastor Pat Patience Paw Peace Pearl Peer Penny Pepper Per Philippine Phoenix
    Pier Pierce Pink Pleas Pleasant Poppy Porsche Porter Precious Press Price Prince
    Princess Prosper Prudence Purity Queen Raid Raleigh Ramadan Randy Ransom Raven Ray
    Reason Red Reed Reno Rica Rice Rich Richmond Rico Ridge River Roar Rob Robin Rock Rocky
    Rod Roger Roll Roma Rome Rose Rosemary Rosy Royal Ruby Rush Rusty Rut Sad Saga Sage
    Sahara Said Saint Sandy Santa Santiago Sari Savannah Sawyer Sayin Scarlet Scot Sep
    Serenity Server Sever Shade Shepherd Sherry Sie Sierra Silver Sincere Sine Sing Siri
    Sister Skip Sky Sol Sole Son Spring Squire Stanford Star Starling Sterling Steward
    Stone Storm Stormy Sue Summer Sunday Sunny Sunshine Sydney Tab Tad Taj Tan Taylor Te Tea
    Tennessee Tesla Texas Theres Theta Ties Till Tiny Tone Tore Toy Trace Treasure Trinidad
    Trinity Troy True Unique Unknown Unnamed Urban Us Valencia Valentine Van Vegas Velvet
    Venice Venus Verde Versa Victoria Victory Viking Villa Viola Violet Virginia Vita Viva
    Von Wade Walker Ward Warwick Wash Washington Watt Weaver Wellington Wells West Whit Will
    Willow Windy Wing Winter Wolf Wood Woody Worth York Young Zeta
    """.split()
)

# "my friend X", "Dr X": the next title-case word is a name even if the list lacks it.
RELATIONS = frozenset(
    """
    friend friends bestie bff mate mates pal buddy partner partners wife husband spouse boyfriend girlfriend
    bf gf fiance fiancé fiancee fiancée ex sister sisters brother brothers sibling siblings cousin cousins
    aunt auntie aunty uncle niece nephew son sons daughter daughters kid kids child children stepson
    stepdaughter stepmum stepmom stepdad stepmother stepfather stepsister stepbrother grandson granddaughter
    grandma grandpa grandmother grandfather granny gran nan nana grandad granddad godmother godfather
    boss manager supervisor colleague colleagues coworker coworkers co-worker co-workers teammate teammates
    mentor mentee coach therapist counsellor counselor psychologist psychiatrist doctor gp nurse tutor
    teacher professor lecturer neighbour neighbor neighbours neighbors roommate roommates flatmate
    flatmates housemate housemates classmate classmates sponsor pastor priest rabbi imam vicar minister
    hubby wifey lead client father mother mum mom dad
    """.split()
)
TITLES = frozenset("mr mrs ms miss mx dr prof professor sir dame lady lord".split())
# "told X", "with X", "thanks to X": cues that make an ambiguous first name a name.
VERB_CUES = frozenset(
    """
    told tell tells telling asked ask asks asking texted text texting messaged message messaging emailed
    email emailing rang ring called call calling met meet meeting meets thanked thank thanks hugged hug
    invited invite miss missed dated date dating married marry divorced
    with hey hi hello named
    """.split()
)
TO_VERBS = frozenset(
    """
    talk talked talking talks spoke speak speaking speaks said say saying says wrote write writing writes
    listen listened listening listens explained explain apologised apologized apologise apologize
    complained complain vented vent confided confide turned lied lie introduced married engaged close
    closer grateful thanks out up
    """.split()
)
DETERMINERS = frozenset("my our his her their your a an whose".split())
# "in April and I", "of Spring, and I": no cue after these.
NO_CUE_AFTER = frozenset(
    "in on at of since during until till by from last next this that every early late mid the a an into "
    "for about after before through".split()
)
PARTICLES = frozenset("van von de da di del della der den ter ten du dos das le la al el bin ibn ben".split())
# A following word that makes a title-case run a place or an institution, not a person.
PLACE_AFTER = frozenset(
    """
    street st road rd avenue ave lane drive way park square gardens garden hall house college university
    school academy hospital church cathedral chapel centre center station bridge river lake mountain
    hill valley beach island bay city county state airport library museum gallery theatre theater
    hotel cafe café restaurant bar pub club stadium arena tower court place country
    """.split()
)
# "Isle of Skye", "Strait of Juan de Fuca", "University of Florence".
PLACE_OF = frozenset(
    "isle island islands strait gulf sea bay cape port city state county republic kingdom university "
    "college school bank museum church cathedral lake mount river province district".split()
)
# Lowercase words after a name that make it a place, an institution or a product.
PLACE_AFTER_LOWER = frozenset("university college street road avenue hospital airport station app".split())
# Words before a name that make it a place ("San Jose", "Lake Louise", "St. Patrick").
PLACE_BEFORE = frozenset(
    "san santa são st saint ste sainte los las el new port fort mount lake cape isle north south east west "
    "central upper lower great costa puerto rio santo".split()
)


# --------------------------------------------------------------------------- the name list

# The Faker locales whose person providers give the first and family names.
LOCALES = tuple(
    "en en_US en_GB en_IE en_NZ en_IN en_KE en_NG en_PK de_DE fr_FR es_ES es_MX it_IT pt_BR pt_PT nl_NL pl_PL "
    "sv_SE da_DK no_NO fi_FI tr_TR cs_CZ ro_RO".split()
)
FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
LAST_ATTRS = ("last_names", "last_names_male", "last_names_female")
