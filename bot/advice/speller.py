"""Spelling correction against the words the rulebook knows.

"interveiw", "conect", "shoud", "linkdin": a typo in the one word that carries the meaning
would otherwise send a question to "not my area". Only words the rulebook cannot read are
corrected, and only to a known word one edit away (two for long words), so ordinary English
is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.advice.question import stem

_COMMON_TEXT = """
    a about above across act actually add after again against ago all almost alone along
    already also although always am among an and another any anyone anything anyway are area
    around as ask at away back bad be because become been before being below best better
    between big bit both but buy by call came can care case cause certain change check clear
    close come could couple course cute day days dear did different do does doing done down
    each early easy either else end enough even ever every everyone everything exactly fact
    fair far feel few fine first five for four free friend from full further get give go
    going good great had half hand happen hard has have he hear help her here hers high him
    his home hope hot hour how however i idea if in into is it its just keep kind knew know
    last late later least leave less let life like likely little long look lot lots love made
    make many may maybe me mean might mind mine more most much must my myself name near need
    never new next nice no none nor not now of off often oh old on once one only or other
    our out over own part past people perhaps person place plan point possible pretty probably
    put quite rather read real really right said same saw say second see seem seems seen
    several she should show side since six small so some someone something sometimes soon
    sorry start still such sure take tell ten than that the their them then there these they
    thing think third this those though three through time to today together told too took
    toward true try two under until up upon us use very wait want was way we week weeks
    well went were what whatever when where whether which while who whole whom whose why will
    with within without word work would wrong yeah year years yes yet you your yours
    yourself hate hated hates hat date mate late lane lame same game came name fame tame
    sent rent bent went best test rest west nest lest pest vest jest
    job jobs role roles career position company companies team office manager boss employer
    interview interviewed interviewer interviewers interviewing candidate candidates hiring
    recruiter recruiters agency application applied apply applying offer offers offered
    salary pay money email emails emailed mail mailed letter letters note notes card cards
    phone call called calling calls text texted texting message messages messaged voicemail
    linkedin facebook twitter instagram tiktok social media online post posted posting
    thank thanks thanked grateful gift gifts flowers coworker coworkers colleague colleagues
    reference references referee quit quitting resign resigned resignation notice current
    reject rejected rejection rejections feedback reapply withdraw withdrawal decline accept
    accepted negotiate negotiation negotiating counteroffer counter remote relocation
    weekend monday tuesday wednesday thursday friday saturday sunday tomorrow yesterday tonight
    morning afternoon evening minute minutes hours month months soon sooner immediately
    happy sad angry upset mad nervous worried anxious excited awkward weird rude polite
    professional unprofessional appropriate inappropriate okay fine alright acceptable
    mistake error typo typos wrong bad worse worst great good better best perfect
    wear dress outfit suit arrive early prepare prep practice question questions answer
    resume resumes portfolio cover weakness weaknesses strength strengths travel flight hotel
    sick ill doctor family emergency reschedule cancel postpone
    parents mom dad wife husband partner friend friends sister brother kids
    house apartment car city state country town street food lunch dinner coffee drink
    recipe bread banana cake cook weather movie game music book books school class study
    buy sell price cost costs cheap expensive dollars bonus laptop computer internet stipend
    able absolutely accept access accident according account across action active activity
    actual addition address admit adult advance advice affect afraid afternoon age agent
    agree ahead aid aim air allow alright amazing amount anger animal annoy annoyed annoying
    answer anxious anybody anymore apart apartment apparently appear apply approach approve
    argue arm army arrange art article aside asked asking asks asleep assume attack attempt
    attend attention attitude aunt available avoid aware awful awkward baby bag balance ball
    bank bar base basic basically basis bath bear beat beautiful beauty became bed begin
    behave behind believe belong beside beyond bill birth birthday bite black blame blank
    blind block blood blow blue board boat body bone border bored boring born borrow bother
    bottom bowl box boy boyfriend brain branch brave break breath brief bright brilliant
    bring broad broke broken brown budget build building burn busy button cabin call calls
    calm camera camp cancel capable capital captain carry catch caught cell central century
    chair challenge chance chances channel chapter charge cheap cheat chest chicken chief
    child choice choose church circle citizen civil claim clean click client climb clock
    closed cloud club coach coat code cold collect college color colour comfortable comment
    common community compare compete complain complete complex concern condition confident
    confirm confuse confused connection consider constant contact contain content context
    contract control conversation cool copy corner correct cost count couple courage court
    cousin cover crazy create credit creepy crime cross crowd cry culture cup curious
    current customer cut cycle dad daily damage dance danger dangerous dark data daughter
    dead deal death debt decent decide decision deep defend definitely degree delay deliver
    demand depend describe design desk desperate despite detail develop die difference
    difficult dinner direct direction directly dirty discover discuss disease dish distance
    divide doctor document dog door double doubt draw dream drive drop dry due dull during
    duty ear earn earth easily east eat edge education effect effort egg eight either elect
    element else embarrassed emotion empty encourage enemy energy engine enjoy enquire enter
    entire environment equal escape especially establish ethical event eventually ever
    everything evidence evil exam example excellent except exchange exercise exist expect
    expensive experience expert explain express extra eye face fail failure fair fall false
    familiar famous fan farm fashion fast fat father fault favor favour favourite fear
    feature fee feeling fight figure file fill film final finally finance find fine finger
    finish fire firm fish fit fix flat flight floor fly focus fold follow food fool foot
    force foreign forest forever forgive form formal former forward frankly freedom fresh
    fridge front fruit fuel fun funny future gain gap garden gather general generally gentle
    gently get girl girlfriend glad glass goal god gold golf goodbye government grade grand
    grant grass grey ground group grow growth guard guess guest guide guilty guy habit hair
    hall handle hang happy hardly harm hat head health healthy heart heat heavy height hello
    hero hide hill hire history hit hmm hold hole holiday honest honestly honor hook horse
    hospital host huge human humor hungry hunt hurry hurt husband ice ideal identify ignore
    ill image imagine impact important impossible impress improve inappropriate include
    income increase indeed independent indicate industry influence inform information injury
    inside insist instance instead intend interest interested interesting internal
    international introduce invest investigate involve island issue item itself join joke
    journey joy judge jump junior kid kill king kitchen knee knife knock lack lady land
    language large laugh law lawyer lay lazy lead leader learn leather lecture leg legal
    lend length lesson level lie lift light limit line link lip list listen live load loan
    local lock lol lonely lose loss loud lovely low luck lucky lunch machine mad magazine
    main mainly major male manage mark market marriage married match material matter maybe
    meal meaning measure meat media medical medium meet member memory mention mess message
    metal method middle midnight milk million minor mirror miss missing mistake mix model
    modern mom moment mood moon moral mostly mother motion mountain mouse mouth move
    movement murder muscle museum nation natural nature necessary neck negative neighbour
    nervous net network news newspaper noise normal north nose nothing notice novel number
    nurse object obvious obviously occasion odd offence offense officer official oil online
    open operate opinion opportunity opposite option order ordinary organize original
    otherwise ought outside owner pace pack page pain paint pair palace pale panic paper
    parent park pass passage passenger patient pattern pause peace perfectly perform period
    permanent permission personal phase photo physical piano pick picture piece pile pilot
    pink pity plain plane plant plastic plate play player pleasant please pleasure plenty
    pocket poem poet police policy polite political pool poor popular positive possibly pot
    potato pound pour power powerful practical pray prefer pregnant present president press
    pressure pretend prevent previous pride priest prince print prison private prize problem
    produce product professional profit program progress project promise proof proper
    property protect proud prove provide public pull punish purple purpose push pushy
    quality quarter queen quick quickly quiet quite race radio rain raise range rank rare
    rate reach react ready reality realize reason reasonable recent recently recognize
    recommend record recover red reduce refuse region regular relate relationship relax
    release relief religion rely remain remember remind remove repair repeat replace reply
    report represent request require research reserve respect responsible result return
    reveal rich ride ring rise risk river road rock roll roof room root rough round route
    row royal rude rule run rush safe safety said sake salt sample sand save say scale scare
    scared scene schedule score screen sea search season seat secret section secure security
    seek select self send senior sense sensible sentence separate series serious seriously
    servant serve service session set settle seven severe sex shade shadow shake shall shape
    share sharp sheet shelf shift shine ship shirt shock shoe shoot shop short shot shoulder
    shout shut shy sick sign signal silly silver similar simple simply sing single sink sir
    sister sit site situation size skill skin sky sleep slide slightly slip slow slowly
    smart smell smile smoke smooth snow social society soft soldier solid solution solve son
    song sort soul sound soup source south space spare speak special speech speed spell
    spend spirit split spot spread spring square staff stage stair stand standard star stare
    state station stay steal step stick stiff stone stop store storm story straight strange
    stranger stream strength stress stretch strike string strong structure struggle student
    stuff stupid style subject succeed success successful suddenly suffer sugar suggest
    summer sun supply support suppose sure surprise surround survive suspect swear sweet
    swim switch symbol system table tail talent talk tall task taste tax tea teach teacher
    teams tear tech technical technology teeth telephone television tell temperature tend
    term terrible terribly thank theory thick thin thing threat throat throw ticket tie
    tight till tip tired title told tomorrow tone tongue tonight tool tooth top topic total
    touch tough tour towards tower track trade traffic train transfer trap travel treat tree
    trial trick tried trip trouble truck trust truth trying tune turn twice type typical ugh
    ugly uncle understand unfair unfortunately uniform union unit universe university unless
    unprofessional unusual upset upstairs urban urge useful usual usually valley value
    various vehicle version victim video view village violent visit voice volume vote wage
    waiter wake walk wall war warm warn wash waste watch water wave weak wealth weapon
    weather wedding weekend weigh weight weird welcome west wet wheel whisper white wide
    wife wild win wind window wine wing winner winter wire wise wish woman wonder wonderful
    wood wooden worker world worried worry worse worth wound wrap write writer yard yellow
    young youth zero zone zoom inflation correction corrections corrected correct
    assistance binding booth completely conditional contractor contractors font horrible portal
    realise realised realize realized realising realizing visa visas wifi master masters
    january february march april june july august september october november december
    john james david michael sarah emma anna maria mark paul peter chris alex sam kate
    honest basically literally seriously genuinely definitely kindly gently politely
    lowkey weirdly awkwardly desperate desperately clingy needy creepy annoying pushy
    """
COMMON_WORDS = frozenset(_COMMON_TEXT.split())
"""Everyday words that are never "corrected", on top of the rulebook's own vocabulary."""


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps ("interveiw"); stops early once past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[len(b)]


def allowed_edits(word: str) -> int:
    """How far a word of this length may be from its correction (0: too short to guess)."""
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class Speller:
    """Corrects unknown words to the nearest rulebook word (symmetric-deletion lookup)."""

    def __init__(self, vocabulary: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if w.isalpha())
        self.prefixes = tuple(sorted(set(prefixes)))
        self._known = self.vocabulary | COMMON_WORDS
        self._known_stems = frozenset(stem(w) for w in self._known)
        self._by_deletion: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            for variant in _deletions(word, allowed_edits(word)):
                self._by_deletion.setdefault(variant, []).append(word)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The word itself when known (or too short to guess), else its closest rulebook word."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = self._correct(word)
        if len(self._cache) < 50_000:
            self._cache[word] = result
        return result

    def _correct(self, word: str) -> str:
        if word in self._known or not word.isalpha() or stem(word) in self._known_stems:
            return word
        if word.startswith(self.prefixes):
            return word
        limit = allowed_edits(word)
        if limit == 0:
            return word
        candidates: set[str] = set()
        for variant in _deletions(word, limit):
            candidates.update(self._by_deletion.get(variant, ()))
        best: tuple[int, str] | None = None
        for candidate in candidates:
            distance = osa_distance(word, candidate, limit)
            if distance <= min(limit, allowed_edits(candidate) or 1) and (
                best is None or (distance, candidate) < best
            ):
                best = (distance, candidate)
        return best[1] if best else word
