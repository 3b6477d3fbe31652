/**
 * Phrase patterns for instructions aimed at a model, English and German (plus the commonest
 * override phrasings in a few other languages). They run on lower-cased, normalised text. Each
 * group becomes one feature (how often it matched in a window) and, when the window scores high,
 * a span whose reason is the group's name. The weights come from training, not from here: a
 * group may match benign text (`act as a proxy`), the classifier decides how much it counts.
 *
 * Speed: every pattern starts with one of a few words (its *lead*). Instead of scanning the
 * whole text once per pattern, the tokenizer looks each token up in an anchor table and runs
 * only the patterns that can start there, as sticky regexes at that offset.
 */

/** Up to `n` words between two parts of a phrase. */
const gap = (n: number): string => `(?:[\\s,;:'"“”„()\\-–]+[\\p{L}\\p{N}'’]+){0,${n}}[\\s,;:'"“”„()\\-–]+`;
const E = '(?![\\p{L}\\p{N}])';

/**
 * A lead: a word or phrase the match starts with. A string is regex source whose first word is
 * the anchor (a trailing `*` makes it a prefix: `ignorier*`, any word starting so); a pair gives
 * the anchors (space-separated, `*` for prefixes) and the regex source explicitly.
 */
export type Lead = string | readonly [anchors: string, source: string];

export interface PatternSpec {
  /** Index into PATTERN_GROUPS. */
  group: number;
  /** Sticky, Unicode; compiled when an anchor first finds a place to try it (`\p{L}` classes cost ~0.2 ms each to compile, and most texts try few). */
  source: string;
  regex: RegExp | undefined;
  exact: string[];
  prefixes: string[];
}

export interface PatternGroup {
  /** Feature `re:<name>` and span reason. */
  name: string;
  /** Whether a match is itself an instruction to the model (a span) or only context for the score. */
  span: boolean;
}

interface Rule {
  lead: readonly Lead[];
  tail?: string;
  /** Lookbehind source: what must come right before the lead. */
  before?: string;
}

const words = (list: string): string[] => list.trim().split(/\s+/);

// ---- vocabulary
const OVERRIDE_STRONG: Lead[] = [
  ...words('ignore ignoring ignored disregard disregarding forget forgetting bypass override overrule abandon neglect dismiss unlearn nevermind'),
  'set\\s+aside', 'put\\s+aside', 'pay\\s+no\\s+attention\\s+to', 'do\\s+not\\s+follow', ["don dont", "don'?t\\s+follow"], 'stop\\s+following',
  'no\\s+longer\\s+follow', 'never\\s+mind', 'leave\\s+behind', 'throw\\s+(?:out|away)', 'get\\s+rid\\s+of',
];
const OVERRIDE_WEAK = words('skip drop discard erase delete remove clear reset cancel omit replace wipe ditch scrap suspend revoke void');
const PRIOR = 'previous(?:ly)?|prior|above|preceding|foregoing|earlier|former|initial|original|old|existing|aforementioned|past|system|developer|default|given|provided|current|your|all|any|every|these|those|the';
const INSTRUCTION_NOUN =
  'instructions?|prompts?|rules|guidelines|guidance|directives?|directions|orders|commands|constraints|restrictions|limitations|programming|training|polic(?:y|ies)|safeguards?|guardrails?|filters?|tasks?|assignments?|context|information|messages?|conversation|inputs?|text|content|settings|configuration|documents?|articles?|sources?';
const OVERRIDE_DE: Lead[] = [
  ...words('ignorier* vergiss vergesst vergessen vergesse missacht* übergeh* verwirf verwerf* lösch* streich* überschreib* ersetz* entgegen'),
  'abweichend\\s+(?:zu|von)', 'beachte\\s+nicht', 'nicht\\s+(?:mehr\\s+)?(?:beachten|befolgen|berücksichtigen)', 'außer\\s+acht',
];
const PRIOR_DE_WORDS = words('vorherig* bisherig* obig* vorangegangen* vorangehend* vorausgegangen* vorig* früher* zuvor davor vorher oben ursprünglich* alle alles sämtlich* deine ihre gegebene* erhaltene*');
const PRIOR_DE = PRIOR_DE_WORDS.map((w) => w.replace('*', '\\p{L}*')).join('|');
const NOUN_DE =
  'anweisung\\p{L}*|instruktion\\p{L}*|befehl\\p{L}*|regel\\p{L}*|aufgabe\\p{L}*|auftr(?:a|ä)g\\p{L}*|vorgabe\\p{L}*|richtlinie\\p{L}*|information\\p{L}*|angaben|kontext\\p{L}*|prompt\\p{L}*|eingabe\\p{L}*|ausführungen|texte?|dokument\\p{L}*|artikel|alles|gesagte\\p{L}*';
const SECRET_LEADS: Lead[] = [
  'api[\\s_-]?keys?', ['secret secrets secretkey*', 'secret[\\s_-]?keys?|secrets'], 'access[\\s_-]?tokens?', ['auth*', 'auth(?:entication)?[\\s_-]?tokens?'], 'tokens',
  ['password*', 'passwords?'], 'passwd', ['passphrase*', 'passphrases?'], ['credential*', 'credentials?'], ['cookie*', 'cookies?'],
  'session[\\s_-]?(?:ids?|tokens?|cookies?)', ['ssh sshkey*', 'ssh[\\s_-]?keys?'], ['private privatekey*', 'private[\\s_-]?keys?'], 'id_rsa',
  ['env environment', 'env(?:ironment)?[\\s_-]?var(?:iable)?s?'], ['aws_*', 'aws_[a-z_]+'], 'conversation(?:\\s+history)?', 'chat\\s+history',
  ['user personal customer private', '(?:user|personal|customer|private)\\s+(?:data|information|details)'], 'system\\s+prompt',
  ['passw*', 'passw(?:o|ö)rt\\p{L}*'], 'zugangsdaten', 'schlüssel', 'geheimnis*',
];
const SECRET =
  "api[\\s_-]?keys?|secret[\\s_-]?keys?|secrets|access[\\s_-]?tokens?|auth(?:entication)?[\\s_-]?tokens?|tokens|passwords?|passwd|passphrases?|credentials?|cookies?|session[\\s_-]?(?:ids?|tokens?|cookies?)|ssh[\\s_-]?keys?|private[\\s_-]?keys?|id_rsa|\\.env|env(?:ironment)?[\\s_-]?var(?:iable)?s?|aws_[a-z_]+|conversation(?:\\s+history)?|chat\\s+history|(?:user|personal|customer|private)\\s+(?:data|information|details)|system\\s+prompt|passw(?:o|ö)rt\\p{L}*|zugangsdaten|schlüssel|geheimnis\\p{L}*";
const EXFIL_VERBS = words('send* post* upload* transmit* forward* exfiltrat* email* mail* leak* submit* append* attach* embed* encode* include* share*');
const EXFIL_SECRET_VERBS = words('send* post* upload* transmit* forward* exfiltrat* email* mail* leak* submit* share* copy* copie* dump* collect* gather* steal* extract* harvest* grab* read* print* reveal* output*');
const DESTINATION =
  "https?:\\/\\/|www\\.|ftp:\\/\\/|[\\w.+-]+@[\\w-]+\\.[a-z]{2,}|(?:this|that|the\\s+following|my|our|an?\\s+(?:external|remote|third[- ]party|attacker'?s?|new)|external|remote|attacker'?s?)\\s+(?:[\\p{L}-]+\\s+)?(?:server|endpoint|url|address|webhook|e-?mail|inbox|site|website|domain|host|ip|api|bucket|channel)";
const INSERT_VERBS = words(
  'use* utili* incorporat* integrat* include* includi* insert* inject* embed* add* append* merge* mergi* blend* fuse* fusi* meld* weave* weavi* infuse* interweav* absorb* adopt* deploy* employ* enlist* engag* leverag* introduc* execut* run* implement* render* put* place* placi* paste* pasti* copy* copie* assimilat* harmoni* featur* enrich*',
);
const CODE_NOUN = 'code|snippet|script|block|excerpt|section|command|payload|function|module|line|segment|fragment|piece';
const CODE_TARGET = 'code|solution|implementation|codebase|code\\s*base|response|answer|program|algorithm|script|logic|framework|output|elucidation|reply|development|approach|architecture|solution\\s+architecture';
const MODEL_NOUN = '(?:ai|assistant|llm|model|language\\s+model|chatbot|bot|gpt|chatgpt|claude|copilot|gemini|agent|ai\\s+assistant|ai\\s+model|large\\s+language\\s+model)s?';

const GROUPS: { name: string; span: boolean; rules: Rule[] }[] = [
  {
    name: 'override-instructions',
    span: true,
    rules: [
      { lead: OVERRIDE_STRONG, tail: `${gap(4)}(?:${PRIOR})${gap(3)}(?:${INSTRUCTION_NOUN})${E}` },
      { lead: OVERRIDE_STRONG, tail: `\\s+(?:(?:all|any|of|everything)\\s+)*(?:the\\s+|your\\s+|my\\s+|what\\s+(?:is|was|came)\\s+)?(?:above|previous|prior|preceding|foregoing|earlier|aforementioned|before)\\b` },
      {
        lead: [...OVERRIDE_STRONG, 'forget\\s+about'],
        tail: `\\s+(?:about\\s+)?(?:everything|all|anything)(?:\\s+(?:above|before|previously|prior|so far|else|(?:that|what)\\s+(?:you|i|was|has|came|we)|(?:you(?:'ve| have)?\\s+)?(?:(?:been|was|were)\\s+)?(?:told|said|learned|know|discussed))|\\s*[,.!:;-])`,
      },
      { lead: OVERRIDE_STRONG, tail: `\\s+(?:all\\s+)?(?:of\\s+)?(?:your|my|its|the\\s+(?:system|developer|original))\\s+(?:instructions|prompts?|rules|guidelines|programming|directives|training|restrictions|constraints|guardrails|thoughts|knowledge|memory|tasks)\\b` },
      { lead: OVERRIDE_WEAK, tail: `${gap(3)}(?:previous(?:ly)?|prior|above|preceding|earlier|former|initial|original|system|your)${gap(2)}(?:instructions?|prompts?|rules|guidelines|directives|programming|training|restrictions|constraints|tasks|assignments)\\b` },
      {
        lead: ['instead\\s+of', 'rather\\s+than', 'regardless\\s+of', 'irrespective\\s+of', 'despite', 'contrary\\s+to', 'in\\s+spite\\s+of', 'notwithstanding'],
        tail: `\\s+(?:what\\s+)?(?:all\\s+)?(?:the\\s+|your\\s+|any\\s+)?(?:(?:previous|prior|above|earlier|original|system|initial|given|provided)\\s+)?(?:instructions?|prompts?|rules|guidelines|directives|documents|articles|context|(?:you(?:'ve| have)?\\s+)?(?:been\\s+)?told)\\b`,
      },
      {
        lead: [['supersede*', 'supersedes?'], ['override*', 'overrides?'], ['take takes', 'takes?\\s+precedence\\s+over'], ['replace*', 'replaces?']],
        tail: `\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|any\\s+)?(?:previous|prior|earlier|other|system|original|existing)\\s+(?:instructions|prompts?|rules|guidelines)\\b`,
      },
      {
        lead: words('your the all'),
        tail: `\\s+(?:previous|prior|original|old|initial|system|earlier)\\s+(?:instructions|prompts?|rules|guidelines|programming|tasks)\\s+(?:are|is|were|have\\s+been|no\\s+longer)\\s+(?:now\\s+)?(?:void|invalid|cancel+ed|revoked|obsolete|irrelevant|null|outdated|deprecated|lifted|suspended|over|not\\s+(?:valid|relevant|important|applicable))`,
      },
      {
        lead: ['do\\s+not', ["don dont", "don'?t"], 'never', 'not'],
        tail: `\\s+(?:follow|obey|listen\\s+to|adhere\\s+to|comply\\s+with|look\\s+(?:at|in)(?:to)?|consider|use|rely\\s+on|answer\\s+according\\s+to)\\s+(?:any\\s+|the\\s+|your\\s+)?(?:(?:previous|prior|above|original|system|provided|given|other)\\s+)?(?:instructions?|prompts?|rules|guidelines|documents?(?:\\s+provided)?|articles?|context|sources?)\\b`,
      },
      { lead: words('ignore ignoring disregard disregarding'), tail: `\\s+(?:all\\s+)?(?:the\\s+)?(?:provided\\s+|given\\s+)?(?:documents|articles|context|sources)\\b` },
      { lead: ['not'], tail: `\\s+by\\s+the\\s+(?:articles|documents|context|sources)\\b` },
      { lead: OVERRIDE_DE, tail: `${gap(4)}(?:${PRIOR_DE})${gap(3)}(?:${NOUN_DE})${E}` },
      { lead: ['vergiss', 'vergesst', 'vergessen\\s+sie', 'ignoriere', 'ignorieren\\s+sie'], tail: `\\s+(?:bitte\\s+|nun\\s+|jetzt\\s+)*(?:alles|alle\\p{L}*|das|dies\\p{L}*)${E}` },
      {
        lead: PRIOR_DE_WORDS,
        tail: `\\s+(?:${NOUN_DE})${gap(6)}(?:ignorier\\p{L}*|vergessen|missacht\\p{L}*|streichen|hinter\\s+sich|sind\\s+(?:nun\\s+)?(?:irrelevant|unwichtig|ungültig|egal|hinfällig|nicht\\s+(?:ganz\\s+)?(?:großartig|wichtig|relevant|gültig|mehr\\s+gültig)))`,
      },
      { lead: ['lassen\\s+sie', 'lass', 'vergessen\\s+sie'], tail: `\\s+(?:alle\\s+)?(?:${PRIOR_DE})\\s+(?:${NOUN_DE})\\s+hinter\\s+(?:sich|dir)` },
      {
        // Other languages: the commonest override phrasings.
        lead: words('olvid* ignor* oubli* dimentica* vergeet negeer esqueç* esquec* zaboravi забудь* игнорир* zapomnij zignoruj ignoruj* ignorera glöm unut'),
        tail: `${gap(3)}(?:instrucciones|instruccion|instructions|consignes|istruzioni|instructies|instruções|instrukcije|инструкции|instrukcje|instruktioner|pokyny|talimat\\p{L}*|reglas|règles|regole|regras|regels|zasad\\p{L}*|правил\\p{L}*|todo|tout|tutto|tudo|alles|sve|все|всё|wszystko|las\\s+anteriores|précédentes|precedenti|anteriores|poprzednie|предыдущие|tidigare|předchozí|önceki)${E}`,
      },
      // Turkish puts the verb last: "önceki talimatları yok say".
      { lead: ['önceki', 'tüm'], tail: `${gap(2)}talimat\\p{L}*\\s+(?:yok\\s+say|görmezden\\s+gel|unut)\\p{L}*` },
    ],
  },
  {
    name: 'new-instructions',
    span: true,
    rules: [
      { lead: ['new'], tail: `\\s+(?:task|tasks|instructions?|rules|role|objective|mission|goal|prompt|directive|assignment|persona|identity|orders)\\b` },
      { lead: ['now', 'next'], tail: `\\s*,?\\s+(?:your\\s+(?:task|job|goal|role|mission)|(?:focus|concentrate)\\s+on|you\\s+(?:will|must|are|should|have\\s+to)|(?:write|say|print|output|answer|respond|tell|show|act|ignore|forget|reply|repeat))\\b` },
      { lead: words('further following additional more other new'), tail: `\\s+(?:tasks|instructions)\\s+(?:follow|are\\s+following|come|are\\s+coming)\\b` },
      { lead: ['start'], tail: `\\s+(?:over|from\\s+scratch|anew|afresh|fresh|from\\s+the\\s+(?:front|beginning|top))\\b` },
      { lead: ['instead', 'rather'], tail: `\\s*,?\\s+(?:output|print|say|write|respond|answer|tell|reply|just|only)\\b` },
      { lead: ['your', 'the'], tail: `\\s+(?:real|actual|true|only|next|new|updated)\\s+(?:task|job|goal|purpose|mission|instructions?|objective)\\s+(?:is|are|will\\s+be)\\b` },
      { lead: ['your'], tail: `\\s+(?:instructions|task|rules)\\s+(?:are|is)\\s+now\\b` },
      { lead: ['change'], tail: `\\s+your\\s+(?:instructions|rules|behaviou?r|task|role|persona|programming)\\b` },
      { lead: words('additional updated revised important urgent secret hidden special'), tail: `\\s+instructions?\\s*[:\\-–]` },
      { lead: [['instruction instructions', 'instructions?']], tail: `\\s+(?:for|to)\\s+(?:the\\s+)?(?:ai|assistant|model|llm|chatbot|bot|agent)\\b` },
      { lead: [['neue neuen neuer neues', 'neue[nrs]?']], tail: `\\s+(?:aufgabe\\p{L}*|anweisung\\p{L}*|instruktion\\p{L}*|rolle|regeln|auftr\\p{L}*|befehl\\p{L}*)` },
      { lead: ['ab\\s+jetzt', 'von\\s+nun\\s+an', 'ab\\s+sofort', 'fortan', 'ab\\s+hier'], tail: E },
      { lead: ['nun', 'jetzt'], tail: `\\s+(?:folgen|kommen)${gap(3)}(?:aufgaben|anweisungen|instruktionen|befehle)` },
      { lead: ['konzentriere\\s+dich', 'fokussiere\\s+dich', 'konzentrieren\\s+sie\\s+sich'] },
      { lead: ['stattdessen'], tail: E },
      { lead: ['von\\s+(?:vorne|neu)'], tail: E },
      { lead: ['deine', 'ihre'], tail: `\\s+(?:neue|eigentliche|wahre|nächste|einzige)\\s+aufgabe` },
    ],
  },
  {
    name: 'role-hijack',
    span: true,
    rules: [
      { lead: ['you'], tail: `\\s+are\\s+(?:now|no\\s+longer|not\\s+(?:an?\\s+)?(?:ai|assistant|language\\s+model|chatbot|bound|restricted|limited)|actually|from\\s+now|going\\s+to\\s+(?:be|act|pretend|play))\\b` },
      { lead: [['you youre', "you'?re"]], tail: `\\s+now\\b` },
      { lead: ['now'], tail: `\\s+you\\s+are\\b` },
      { lead: words('act acting behave respond answer'), tail: `\\s+(?:as|like)\\s+(?:if\\s+you|though\\s+you|my|dan|chatgpt|an?\\s+(?:\\p{L}+\\s+)?(?:ai|assistant|bot|chatbot|hacker|terminal|interpreter|character|person|expert))\\b` },
      { lead: ['pretend'], tail: `\\s+(?:to\\s+be|you(?:'re|\\s+are)|that|you\\s+can|you\\s+have)\\b` },
      { lead: ['imagine'], tail: `\\s+(?:you(?:'re|\\s+are)|that\\s+you|being)\\b` },
      { lead: [['role*', 'role[-\\s]?play(?:ing)?']], tail: `\\s+(?:as|with\\s+me)\\b` },
      { lead: ['from\\s+now\\s+on'], tail: `\\s*,?\\s+(?:you|your|act|behave|respond|answer|reply|pretend|du|ihr)\\b` },
      { lead: ['play', 'take\\s+on', 'assume', 'adopt', 'stay\\s+in'], tail: `\\s+(?:the\\s+|your\\s+|a\\s+)?(?:role|persona|character)\\b` },
      { lead: ['you'], tail: `\\s+(?:will|must|shall|should)\\s+(?:now\\s+)?(?:act|be|behave|respond|answer|pretend|play|roleplay|simulate)\\s+(?:as|like)\\b` },
      { lead: ['i'], tail: `\\s+want\\s+you\\s+to\\s+(?:act|be|pretend|play|respond|behave|simulate|become)\\b` },
      { lead: ['simulate'], tail: `\\s+(?:a|an|being)\\b` },
      { lead: ['you'], tail: `\\s+are\\s+(?:a|an|the)\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:ai|bot|assistant|model|gpt|chatbot)\\s+(?:that|who|which|without|with\\s+no)\\b` },
      { lead: ['du'], tail: `\\s+bist\\s+(?:jetzt|nun|ab\\s+(?:jetzt|sofort)|kein\\p{L}*|nicht\\s+mehr)${E}` },
      { lead: ['jetzt', 'nun', 'ab\\s+jetzt', 'ab\\s+sofort'], tail: `\\s+bist\\s+du${E}` },
      { lead: [['stell stelle stellt', 'stell(?:e|t)?']], tail: `\\s+(?:dir|euch|sie\\s+sich)\\s+vor` },
      { lead: [['tu tue tut', 'tu(?:e|t)?']], tail: `\\s+so,?\\s+als${E}` },
      { lead: ['verhalte', 'benimm'], tail: `\\s+dich\\s+(?:wie|als)${E}` },
      { lead: words('fungier* agier*') },
      { lead: words('spiel* übernimm* übernehmen'), tail: `${gap(2)}rolle${E}` },
      { lead: ['in'], tail: `\\s+(?:deiner|ihrer|seiner)\\s+rolle${E}` },
      { lead: ['ich'], tail: `\\s+möchte,?\\s+dass\\s+(?:du|sie)\\s+(?:als|wie|so\\s+tun|sich\\s+wie)${E}` },
    ],
  },
  {
    name: 'act-as',
    span: false,
    rules: [
      { lead: words('act acting behave respond answer function operate pose serve'), tail: `\\s+(?:as|like)\\s+(?:a|an|if|though|my|the)\\b` },
      { lead: ['from\\s+now\\s+on\\b'] },
      { lead: [['role*', 'role[-\\s]?play(?:ing)?\\b']] },
      { lead: ['imagine', 'pretend'] },
    ],
  },
  {
    name: 'you-are',
    span: false,
    rules: [
      { lead: ['you'], tail: `\\s+are\\s+(?:a|an|the)\\b` },
      { lead: ['du'], tail: `\\s+bist\\s+(?:ein|eine|der|die|das)${E}` },
      { lead: ['sie'], tail: `\\s+sind\\s+(?:ein|eine|der|die|das)${E}` },
    ],
  },
  {
    name: 'jailbreak',
    span: true,
    rules: [
      { lead: ['dan'], tail: `\\s+(?:mode|prompt|jailbreak)\\b` },
      { lead: ['as'], tail: `\\s+dan\\b` },
      { lead: ['do'], tail: `\\s+anything\\s+now\\b` },
      { lead: ['developer', 'opposite', ['god godmode', 'god']], tail: `\\s*mode\\b` },
      { lead: [['jailbr*', 'jailbr(?:eak|oken|eaking)']] },
      {
        lead: ['no', 'without', 'free\\s+(?:of|from)', 'beyond', 'not\\s+bound\\s+by'],
        tail: `\\s+(?:any\\s+)?(?:restrictions|limitations|filters|censorship|(?:ethical|moral|content|safety|programming)\\s+(?:guidelines|restrictions|constraints|filters|boundaries|polic(?:y|ies))|rules)\\b`,
      },
      { lead: words('unfiltered uncensored unrestricted amoral unethical unhinged'), tail: E },
      { lead: ['bypass', 'ignore', 'disable', 'turn\\s+off', 'deactivate', 'remove'], tail: `\\s+(?:your|the|all|any)\\s+(?:safety|content|ethical|moral)\\s+(?:filters?|guidelines|policies|restrictions|protocols|measures)\\b` },
      { lead: ['evil'], tail: `\\s+(?:ai|assistant|bot|mode|confidant|twin)\\b` },
      { lead: ['ohne'], tail: `\\s+(?:jegliche\\s+)?(?:einschränkungen|regeln|filter|zensur|grenzen)${E}` },
      // Role-play jailbreaks keep the persona alive: "stay in character", "never refuses".
      { lead: ['stay', 'stays', 'remain', 'break', 'breaking', 'broke'], tail: `\\s+(?:in\\s+|out\\s+of\\s+)?(?:the\\s+)?character\\b` },
      { lead: ['never'], tail: `\\s+(?:refuses?|declines?|says?\\s+(?:no|sorry)|adds?\\s+(?:any\\s+)?(?:warnings|disclaimers))\\b` },
      { lead: ['sin', 'sans', 'senza', 'sem', 'zonder', 'bez', 'без'], tail: `\\s+(?:ninguna\\s+|aucune\\s+|alcuna\\s+|nenhuma\\s+|enige\\s+|żadnych\\s+|каких-либо\\s+)?(?:restricciones|restrictions|restrizioni|restrições|beperkingen|ograniczeń|ограничений|filtros|filtres|filtri|фильтров|reglas|règles|regole|regras|regels|limites|limiti|censura|censure)${E}` },
      { lead: ['böse'], tail: `\\s+ki${E}` },
    ],
  },
  {
    name: 'system-prompt-marker',
    span: true,
    rules: [
      { before: '(?:^|\\n)[ \\t>#*\\-]*', lead: words('system assistant human ai bot admin developer sys'), tail: `\\s*(?:message|prompt|note|override|instructions?)?\\s*:` },
      { before: '<\\|', lead: words('im_start im_end system user assistant endoftext eot_id start_header_id end_header_id'), tail: '\\|>' },
      { before: '\\[\\/?', lead: ['inst'], tail: '\\]' },
      { before: '<<\\/?', lead: ['sys'], tail: '>>' },
      { before: '<\\/?', lead: ['system', 'sys', 'instructions?', 'admin', 'system[-_]prompt'], tail: '>' },
      { before: '\\[', lead: words('system admin developer'), tail: `(?:\\s+(?:message|note|prompt|override|instructions?))?\\]` },
      { before: '###\\s*', lead: ['instruction', 'system', 'response', 'new\\s+instructions?'], tail: '\\b' },
      { lead: words('system admin developer root'), tail: `\\s+(?:message|note|override|prompt|instructions?|command)\\s*:` },
      { lead: ['begin'], tail: `\\s+(?:system|new)\\s+(?:prompt|instructions?)\\b` },
      { lead: ['end'], tail: `\\s+of\\s+(?:the\\s+)?(?:system\\s+)?(?:prompt|instructions|context|document|input|untrusted)\\b` },
    ],
  },
  {
    name: 'addressed-to-model',
    span: true,
    rules: [
      {
        lead: ['dear', 'hey', 'hello', 'hi', 'attention', 'note\\s+to', 'message\\s+to', [' instruction instructions', 'instructions?\\s+(?:for|to)'], 'important\\s+(?:note|message)\\s+(?:for|to)'],
        tail: `\\s+(?:the\\s+)?${MODEL_NOUN}\\b`,
      },
      { lead: ['if'], tail: `\\s+you\\s+are\\s+(?:an?\\s+)?(?:ai|llm|language\\s+model|assistant|chatbot|bot|gpt|claude|automated|ai\\s+agent)\\b` },
      {
        lead: [['ai ais llm llms language assistant assistants chatbot chatbots model models agent agents claude gpt', '(?:ai|llm|language\\s+model|assistant|chatbot|model|agent|claude|gpt)s?']],
        tail: `\\s+(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|reviewing)\\s+(?:this|these)\\b`,
      },
      { lead: ['when'], tail: `\\s+(?:you\\s+)?(?:summari[sz]e|process|read|analy[sz]e|review)\\s+this\\b` },
      { lead: [['liebe lieber liebes', 'liebe[rs]?'], 'hallo', 'hey', 'achtung', 'hinweis\\s+(?:für|an)'], tail: `\\s+(?:die\\s+|den\\s+|das\\s+)?(?:ki|assistent\\p{L}*|sprachmodell|chatbot|gpt|chatgpt|claude|modell)${E}` },
      { lead: ['wenn'], tail: `\\s+du\\s+(?:eine?\\s+)?(?:ki|sprachmodell|assistent|chatbot)${E}` },
    ],
  },
  {
    name: 'prompt-leak',
    span: true,
    rules: [
      {
        lead: words('show reveal print output repeat display tell give share write list dump spell copy leak disclose expose provide return'),
        tail: `(?:\\s+(?:me|us|out|back))?\\s+(?:(?:all|the|your|full|entire|complete|exact|original|initial|hidden|secret|internal|verbatim|above|previous|system|whole|first)\\s+)*(?:prompts?|prompt[\\s-]?texts?|instructions|system\\s+(?:message|prompt)|initial\\s+prompt|pre-?prompt|context\\s+window)\\b`,
      },
      { lead: ['what'], tail: `\\s+(?:is|are|was|were)\\s+(?:your|the)\\s+(?:system\\s+|initial\\s+|original\\s+|hidden\\s+|first\\s+|secret\\s+)?(?:prompts?|instructions|rules|guidelines|system\\s+message)\\b` },
      { lead: ['what'], tail: `\\s+(?:was|is)\\s+written\\s+(?:above|before|at\\s+the\\s+(?:beginning|start|top))\\b` },
      { lead: words('words text sentences lines'), tail: `\\s+(?:above|before)\\s+(?:this|the\\s+text|that)\\b` },
      { lead: words('repeat print output copy'), tail: `\\s+(?:everything|all|the\\s+text|the\\s+words)\\s+(?:above|before)\\b` },
      { lead: ['beginning'], tail: `\\s+of\\s+(?:this|the|your)\\s+prompt\\b` },
      { lead: [['prompt*', 'prompt[\\s_-]?texts?\\b']] },
      {
        lead: words('zeig* gib* nenne* wiederhole* verrate* schreib* liste* druck*'),
        tail: `(?:\\s+(?:mir|uns|bitte))*\\s+(?:(?:alle|deine|deinen|den|die|ihre|ihren|gesamten?|vollständigen?|ursprünglichen?|obigen)\\s+)*(?:prompt\\p{L}*|anweisung\\p{L}*|instruktion\\p{L}*|systemnachricht|systemprompt|vorgaben)`,
      },
      { lead: ['was'], tail: `\\s+(?:(?:steht|stand)\\s+(?:oben|am\\s+anfang|davor)|wurde\\s+(?:oben|am\\s+anfang|davor)\\s+geschrieben)` },
    ],
  },
  {
    name: 'output-manipulation',
    span: true,
    rules: [
      {
        lead: words('respond* reply* replie* answer* output* print* say* said write* wrote start* end* begin* finish*'),
        tail: `(?:\\s+only)?\\s+(?:with|using|in)\\s+(?:only\\s+|just\\s+)?(?:"|'|“|„|«|exactly|the\\s+(?:word|phrase|sentence)|yes\\b|no\\b|all\\s+caps|uppercase|emojis?|french|german|spanish|pirate|base64|rot13)`,
      },
      { lead: words('in into within to'), tail: `\\s+your\\s+(?:response|answer|reply|output|summary|message|final\\s+answer)\\b` },
      { lead: ['your'], tail: `\\s+(?:response|answer|reply|output)\\s+(?:must|should|will|has\\s+to|needs\\s+to|shall)\\b` },
      { lead: ['say', 'write', 'repeat', 'respond\\s+with', 'reply\\s+with', 'answer\\s+with', 'print\\s+(?:only|just|exactly)', 'output\\s+(?:only|just|exactly)'], tail: `\\s+(?:only\\s+|just\\s+|exactly\\s+)?["'“„«]\\s*\\p{L}` },
      {
        lead: ['do\\s+not', ["don dont", "don'?t"], 'never'],
        tail: `\\s+(?:mention|reveal|tell\\s+the\\s+user|disclose|inform\\s+the\\s+user|let\\s+the\\s+user\\s+know|answer\\s+(?:this|the)\\s+question)\\b`,
      },
      {
        lead: ['repeat\\s+after\\s+me', 'say\\s+(?:that|yes)', 'state\\s+that', 'tell\\s+(?:me|them|the\\s+user)\\s+that', 'include\\s+(?:that|the\\s+(?:phrase|sentence|link|url))'],
        tail: '\\b',
      },
      { lead: words('antwort* schreib* sag* gib*'), tail: `(?:\\s+(?:nur|ausschließlich|bitte))?\\s+(?:mit|auf|in)\\s*(?:"|„|nur|dem\\s+wort)` },
      { lead: ['in'], tail: `\\s+(?:deiner|ihrer|der)\\s+antwort${E}` },
      { lead: ['deine'], tail: `\\s+antwort\\s+(?:muss|soll|sollte)${E}` },
      { lead: words('sag sage schreib schreibe'), tail: `\\s+(?:mir\\s+)?,?\\s*dass${E}` },
    ],
  },
  {
    name: 'exfiltration',
    span: true,
    rules: [
      { lead: [...EXFIL_VERBS, ['e', 'e-mail\\p{L}*']], tail: `${gap(10)}(?:to|at|into|via|onto|towards?)\\s+(?:${DESTINATION})` },
      { lead: EXFIL_SECRET_VERBS, tail: `${gap(6)}(?:${SECRET})${E}` },
      { lead: SECRET_LEADS, tail: `${gap(6)}(?:to|at)\\s+(?:https?:\\/\\/|[\\w.+-]+@[\\w-]+\\.)` },
      { before: '!\\[[^\\]\\n]{0,200}\\]\\(\\s*', lead: ['https?'], tail: `:\\/\\/[^)\\s]*(?:\\{|%7b|\\$\\{|\\[|<)[^)\\s]*\\)` },
      {
        lead: words('sende senden schicke schicken schick übermittle übermitteln übertrage übertragen lade leite weiterleiten poste maile hänge'),
        tail: `${gap(8)}(?:an|zu|nach|auf)\\s+(?:https?:\\/\\/|[\\w.+-]+@|(?:diese|die\\s+folgende|meine|eine\\s+externe|folgende)\\s+(?:url|adresse|e-?mail|server|webseite))`,
      },
    ],
  },
  {
    name: 'code-insertion',
    span: true,
    rules: [
      { lead: INSERT_VERBS, tail: `${gap(6)}(?:${CODE_NOUN})s?${gap(7)}(?:your|the\\s+user'?s|user'?s)\\s+(?:${CODE_TARGET})\\b` },
      { lead: ['your'], tail: `\\s+(?:${CODE_TARGET})${gap(6)}(?:following|subsequent|below|attached|provided|given|next)\\s+(?:code\\s+)?(?:${CODE_NOUN})` },
      { lead: words('following subsequent below attached provided'), tail: `\\s+(?:code\\s+)?(?:${CODE_NOUN})s?${gap(8)}(?:your\\s+(?:${CODE_TARGET})|the\\s+code\\s+you)\\b` },
      { lead: ['your'], tail: `\\s+(?:code|solution|implementation|codebase)\\s+(?:should|must|could|will|needs\\s+to)\\s+(?:embody|include|contain|flourish|incorporate|use|run|execute)\\b` },
      { lead: ['the'], tail: `\\s+code\\s+you\\s+(?:develop|write|produce|generate|create|return|provide)\\b` },
      {
        lead: words('füge* baue* integriere* verwende* nutze* führe*'),
        tail: `${gap(6)}(?:code|skript|befehl|snippet|codeblock)\\p{L}*${gap(6)}(?:deine|ihre|ihren|deinen|in\\s+die)\\s+(?:lösung|antwort|code|implementierung|programm)`,
      },
    ],
  },
  {
    name: 'code-handoff',
    span: false,
    rules: [{ lead: INSERT_VERBS, tail: `\\s+(?:the\\s+|this\\s+)?(?:following|subsequent|below|attached)\\s+(?:code\\s+)?(?:${CODE_NOUN})\\s*:` }],
  },
  {
    name: 'following-code',
    span: false,
    rules: [{ lead: words('following subsequent below next attached given provided this'), tail: `\\s+(?:code\\s+|python\\s+|bash\\s+|shell\\s+)?(?:block|snippet|excerpt|section|segment|fragment|piece)\\b` }],
  },
  {
    name: 'your-solution',
    span: false,
    rules: [{ lead: ['your'], tail: `\\s+(?:solution|implementation|codebase|code\\s*base|algorithm|response|answer|reply|output|elucidation|program|logic|framework)\\b` }],
  },
  {
    name: 'payload-network',
    span: false,
    rules: [
      { lead: ['requests'], tail: `\\.(?:post|put|get)\\b` },
      { lead: words('urllib urlopen urlretrieve xmlhttprequest netcat smtplib sendmail ftplib paramiko webhook webhooks bluetooth scapy'), tail: E },
      { lead: ['http'], tail: `\\.client\\b` },
      { lead: ['socket'], tail: `\\.(?:socket|connect)\\b` },
      { lead: ['fetch'], tail: `\\(\\s*['"\`]https?` },
      { lead: ['axios'], tail: `\\.(?:post|get)\\b` },
      { lead: ['curl', 'wget'], tail: '\\s' },
      { lead: ['invoke'], tail: '-webrequest\\b' },
      { lead: ['nc'], tail: '\\s+-' },
    ],
  },
  {
    name: 'payload-secrets',
    span: false,
    rules: [
      { lead: ['os'], tail: `\\.environ\\b` },
      { lead: ['process'], tail: `\\.env\\b` },
      { lead: words('getenv id_rsa cookiejar keychain wallet pynput clipboard screenshot getpass psutil imagegrab'), tail: E },
      { before: '\\.', lead: ['ssh'], tail: E },
      { before: '\\/', lead: ['etc'], tail: `\\/(?:passwd|shadow)\\b` },
      { lead: [['cookie cookies', 'cookies?']], tail: `\\.(?:txt|sqlite)\\b` },
      { before: '\\.', lead: ['aws'], tail: '\\/' },
      { lead: [['browser_cookie*', 'browser_cookie'], ['keylog*', 'keylog']] },
      { lead: ['login'], tail: `\\s+data\\b` },
    ],
  },
  {
    name: 'payload-destructive',
    span: false,
    rules: [
      { lead: ['rm'], tail: `\\s+-rf\\b` },
      { lead: words('rmtree mkfs shutdown killall iptables'), tail: E },
      { lead: ['dd'], tail: `\\s+if=` },
      { lead: ['of'], tail: `=\\/dev\\/` },
      { lead: ['format'], tail: `\\s+c:` },
      { lead: ['fork'], tail: `\\s*bomb\\b` },
      { lead: ['del'], tail: `\\s+\\/[sfq]\\b` },
      { lead: [['encrypt*', 'encrypt\\w*']], tail: `\\s+(?:all\\s+)?(?:the\\s+)?(?:files|documents|disk)\\b` },
      { lead: [['ransom*', 'ransom\\w*']] },
      { lead: ['chmod'], tail: `\\s+(?:-r\\s+)?777\\b` },
      { lead: ['kill'], tail: `\\s+-9\\b` },
      { lead: ['drop'], tail: `\\s+table\\b` },
      { lead: ['reg'], tail: `\\s+delete\\b` },
      { before: '\\/', lead: ['dev'], tail: `\\/sda\\b` },
    ],
  },
  {
    name: 'payload-exec',
    span: false,
    rules: [
      { lead: words('subprocess popen child_process powershell xmrig miner mining monero crontab autorun b64decode pyinstaller registry'), tail: E },
      { lead: ['os'], tail: `\\.system\\b` },
      { lead: ['exec', 'eval'], tail: `\\(` },
      { before: '\\|\\s*', lead: [['sh bash zsh python python3 python2', '(?:sh|bash|zsh|python\\d?)']], tail: E },
      { lead: ['chmod'], tail: `\\s+\\+x\\b` },
      { lead: ['base64'], tail: `\\s+-d\\b` },
      { lead: ['startup'], tail: `\\s+folder\\b` },
    ],
  },
  {
    name: 'urgency',
    span: false,
    rules: [
      { before: '(?:^|[\\s"\'.!(])', lead: words('stop attention important urgent warning achtung stopp wichtig halt'), tail: `\\s*(?:[-!:–—]|\\s-)` },
      { lead: ['it'], tail: `\\s+is\\s+(?:very\\s+)?(?:important|crucial|vital)\\b` },
      { lead: ['this'], tail: `\\s+is\\s+(?:very\\s+)?(?:important|urgent)\\b` },
      { lead: ['es'], tail: `\\s+ist\\s+sehr\\s+wichtig${E}` },
    ],
  },
  {
    name: 'praise-pivot',
    span: true,
    rules: [
      {
        lead: [
          'well\\s+done', 'good\\s+job', 'great\\s+job', 'very\\s+good', 'excellent', 'fantastic', 'perfect', 'wonderful', 'great',
          'that\\s+(?:is|was)\\s+(?:enough|done|ok|fine)', ['that thats', "that'?s\\s+(?:enough|done)"], 'sehr\\s+gut', 'gut\\s+gemacht', 'ausgezeichnet',
          'fantastisch', 'hervorragend', 'großartig', 'das\\s+(?:genügt|reicht)', 'erledigt', 'super\\s+gemacht',
        ],
        tail: `[\\s\\S]{0,80}?(?<![\\p{L}\\p{N}])(?:now|next|but\\s+now|jetzt|nun|aber\\s+jetzt)${E}`,
      },
    ],
  },
  {
    name: 'meta-discussion',
    span: false,
    rules: [
      { lead: ['prompt'], tail: `\\s+injections?\\b` },
      { lead: [['jailbreak*', 'jailbreak(?:s|ing)?']], tail: `\\s+(?:attacks?|attempts?|prompts?|detection)\\b` },
      { lead: ['injection'], tail: `\\s+(?:attacks?|detection|classifier|detector)\\b` },
      { lead: words('attacker* adversar* detect* classif* benchmark* dataset* mitigat* beispielsweise angriff* erkenn*') },
      { lead: ['malicious'], tail: `\\s+(?:inputs?|prompts?|content|instructions?|users?)\\b` },
      { lead: ['for'], tail: `\\s+example\\b` },
      { lead: ['e'], tail: `\\.g\\.` },
      { lead: ['such'], tail: `\\s+as\\b` },
      { lead: words('phrase phrases string strings text sentence sentences'), tail: `\\s+like\\b` },
      { lead: ['red'], tail: `[-\\s]team` },
      { lead: ['zum'], tail: `\\s+beispiel${E}` },
      { lead: ['z'], tail: `\\.\\s?b\\.` },
    ],
  },
  {
    name: 'url',
    span: false,
    rules: [
      { lead: ['https?'], tail: ':\\/\\/' },
      { lead: ['www'], tail: '\\.' },
    ],
  },
];

export const PATTERN_GROUPS: readonly PatternGroup[] = GROUPS.map(({ name, span }) => ({ name, span }));

function leadSource(lead: Lead): string {
  if (typeof lead !== 'string') return lead[1];
  return lead.endsWith('*') ? `${lead.slice(0, -1)}\\p{L}*` : lead;
}

function leadAnchors(lead: Lead): string[] {
  if (typeof lead !== 'string') return words(lead[0]);
  const star = lead.endsWith('*');
  const word = /^[\p{L}\p{N}_]+/u.exec(lead)?.[0];
  if (word === undefined) throw new Error(`pattern lead without a word: ${lead}`);
  // `https?` → `http` is not enough: a trailing optional letter makes the word a prefix.
  const optional = lead[word.length] === '?';
  if (optional) return [`${word.slice(0, -1)}*`];
  return [star ? `${word}*` : word];
}

const buildSpecs = (): PatternSpec[] => GROUPS.flatMap((group, index) =>
  group.rules.map((rule) => {
    const source = `${rule.before === undefined ? '' : `(?<=${rule.before})`}(?:${rule.lead.map(leadSource).join('|')})${rule.tail ?? ''}`;
    const anchors = [...new Set(rule.lead.flatMap(leadAnchors))];
    return {
      group: index,
      source,
      regex: undefined,
      exact: anchors.filter((a) => !a.endsWith('*')),
      prefixes: anchors.filter((a) => a.endsWith('*')).map((a) => a.slice(0, -1)),
    };
  }),
);

/** FNV-1a of `text` (char codes), the key of the anchor and lexicon tables. */
export function fnv(text: string, from = 0, to = text.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const PREFIX_KEY = 3;

interface Anchor {
  word: string;
  specs: number[];
}
function addAnchor(table: Map<number, Anchor[]>, key: number, word: string, spec: number): void {
  const list = table.get(key) ?? [];
  const entry = list.find((a) => a.word === word);
  if (entry === undefined) list.push({ word, specs: [spec] });
  else if (!entry.specs.includes(spec)) entry.specs.push(spec);
  table.set(key, list);
}

interface Tables {
  specs: readonly PatternSpec[];
  exactAnchors: Map<number, Anchor[]>;
  prefixAnchors: Map<number, Anchor[]>;
}
let tables: Tables | undefined;

/** The patterns and their anchor tables, built on first use: a command that scores no text (`session list`) does not pay. */
function patternTables(): Tables {
  if (tables !== undefined) return tables;
  const specs = buildSpecs();
  const exactAnchors = new Map<number, Anchor[]>();
  const prefixAnchors = new Map<number, Anchor[]>();
  specs.forEach((spec, index) => {
    for (const word of spec.exact) addAnchor(exactAnchors, fnv(word), word, index);
    for (const prefix of spec.prefixes) {
      // A prefix shorter than the key would never be looked up.
      if (prefix.length < PREFIX_KEY) throw new Error(`prefix anchor too short: ${prefix}`);
      addAnchor(prefixAnchors, fnv(prefix, 0, PREFIX_KEY), prefix, index);
    }
  });
  return (tables = { specs, exactAnchors, prefixAnchors });
}

export interface PatternMatch {
  group: number;
  start: number;
  end: number;
  /** Index of the token the match starts at. */
  token: number;
}

const matchesText = (lower: string, start: number, word: string): boolean => {
  for (let k = 0; k < word.length; k++) if (lower.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
};

const scratch: number[] = [];

/**
 * Runs the patterns that can start at the token [start, end) of `lower`: `wordHash` is fnv of
 * the token, `prefixHash` fnv of its first PREFIX_KEY characters (ignored for shorter tokens).
 */
export function matchAt(lower: string, start: number, end: number, wordHash: number, prefixHash: number, token: number, out: PatternMatch[]): void {
  const { specs, exactAnchors, prefixAnchors } = tables ?? patternTables();
  let count = 0;
  const exact = exactAnchors.get(wordHash);
  if (exact !== undefined) {
    for (const anchor of exact) {
      if (anchor.word.length !== end - start || !matchesText(lower, start, anchor.word)) continue;
      for (const spec of anchor.specs) scratch[count++] = spec;
    }
  }
  if (end - start >= PREFIX_KEY) {
    const candidates = prefixAnchors.get(prefixHash);
    if (candidates !== undefined) {
      for (const anchor of candidates) {
        if (anchor.word.length > end - start || !matchesText(lower, start, anchor.word)) continue;
        for (const spec of anchor.specs) {
          let seen = false;
          for (let k = 0; k < count; k++) if (scratch[k] === spec) seen = true;
          if (!seen) scratch[count++] = spec;
        }
      }
    }
  }
  for (let k = 0; k < count; k++) {
    const spec = specs[scratch[k] as number] as PatternSpec;
    const regex = (spec.regex ??= new RegExp(spec.source, 'uy'));
    regex.lastIndex = start;
    const match = regex.exec(lower);
    if (match !== null) out.push({ group: spec.group, start, end: start + match[0].length, token });
  }
}
