/**
 * The one redactor: it knows every stored secret and every session token seen this run, and
 * scrubs them — the forms they take on the wire, and any piece of 12 or more characters of them — from
 * any text before it is shown.
 *
 * How, at a cost that does not grow with the number of secrets: every form of every secret is cut into
 * its 12-character windows, and each window's rolling hash goes into one open-addressing table (a form
 * shorter than 12 goes whole into a table of its own length). Redacting a text rolls the same hash over
 * the text's windows, looks each one up, verifies a hit character by character, and replaces every run of
 * characters covered by a hit: O(the text's length), whether 10 or 10,000 secrets are known.
 *
 * That table costs about 10 bytes per window, 100 times the secret's own size, so secrets are indexed
 * only when a redaction needs them, and then only if they are no longer than its texts. When they
 * outweigh the texts (9,000 stored secrets learnt to print one error), the same table is built over the
 * texts instead (their windows only) and each secret's windows are looked up in it: O(the secrets'
 * length) time, O(the texts' length) memory. Such secrets go into the index at the next redaction, so
 * none is matched directly twice: `import` failing with 9,000 stored secrets, all of what it shows
 * redacted in one {@link Redactor.redactAll}, never builds the index; `check`, which learns one secret per
 * account and redacts its service's answers, indexes each at once. Either way a secret costs O(its
 * length), once or twice, and both ways apply the one rule: the same forms ({@link wireForms}), the same
 * windows, the same table.
 */

/** What replaces a secret in redacted text. */
export const REDACTED = '[redacted]';

/** Shorter strings are not secrets worth redacting, and would shred ordinary text. */
const MIN_SECRET_LENGTH = 8;
/** A base64 fragment this short could match ordinary words. */
const MIN_ENCODED_LENGTH = 8;
/** Any piece of a secret (of any of its forms) this long or longer is redacted; shorter secrets only whole. */
export const FRAGMENT_LENGTH = 12;

/** Collects secrets and removes them from text. */
export interface Redactor {
  /** Remembers secrets (empty, short or missing values are ignored). */
  add(...secrets: ReadonlyArray<string | null | undefined>): void;
  /** The text with every known secret, in every known encoding, and every 12+ character piece of one, replaced by `[redacted]`. */
  redact(text: string): string;
  /** Each text redacted as by {@link redact}, in one pass (what one output shows together, e.g. a message and its trace). */
  redactAll(texts: readonly string[]): string[];
  /** How many distinct secrets it knows (for tests and `doctor`). */
  size(): number;
}

/** How much work the index has done, counted rather than timed (tests assert it stays proportional). */
export interface RedactorStats {
  /** Windows of secrets hashed into the index. */
  indexed: number;
  /** Windows of secrets not yet indexed, looked up directly in a redacted text's windows. */
  scanned: number;
  /** Table slots visited, in the index and in the texts' tables alike (rehashing on growth included). */
  probes: number;
  /** Distinct windows held in the index. */
  windows: number;
  /** Secrets known but not yet indexed. */
  pending: number;
}

/** A redactor that can also report its {@link RedactorStats}. */
export interface CountingRedactor extends Redactor {
  stats(): RedactorStats;
}

/** Creates an independent redactor (the app uses the shared {@link redactor}). */
export function createRedactor(): CountingRedactor {
  const secrets = new Set<string>();
  const counters = { indexed: 0, scanned: 0, probes: 0 };
  // One index per window width: 12 for fragments of long forms, 8–11 for short forms matched whole.
  const indexes = new Map<number, WindowIndex>();
  /** Secrets learnt and not yet matched against any text, and the characters they hold. */
  let fresh: string[] = [];
  let freshChars = 0;
  /** Secrets matched directly against one redaction already: the next one indexes them. */
  let matched: string[] = [];

  const index = (values: readonly string[]) => {
    for (const secret of values) {
      for (const form of wireForms(secret)) {
        const width = windowWidth(form);
        let table = indexes.get(width);
        if (!table) {
          table = new WindowIndex(width, counters);
          indexes.set(width, table);
        }
        table.addForm(form);
        counters.indexed += windowCount(form);
      }
    }
  };

  const redactAll = (texts: readonly string[]): string[] => {
    const todo = texts.filter((text) => text.length >= MIN_SECRET_LENGTH);
    if (todo.length === 0 || secrets.size === 0) return [...texts];
    index(matched);
    matched = [];
    // The fresh secrets go straight into the index when they are no longer than the texts (the usual case:
    // one secret learnt, then its service's answer redacted); matched directly when they outweigh them.
    if (freshChars <= todo.reduce((n, text) => n + text.length, 0)) {
      index(fresh);
      fresh = [];
      freshChars = 0;
    }
    const covered = new Map<string, Uint8Array | null>();
    for (const text of todo) {
      let marks: Uint8Array | null = null;
      for (const table of indexes.values()) marks = table.cover(text, marks);
      covered.set(text, marks);
    }
    if (fresh.length > 0) {
      coverDirectly(todo, fresh, covered, counters);
      matched = fresh;
      fresh = [];
      freshChars = 0;
    }
    return texts.map((text) => {
      const marks = covered.get(text);
      return marks ? replaceCovered(text, marks) : text;
    });
  };

  return {
    add(...values) {
      for (const value of values) {
        if (typeof value !== 'string') continue;
        const secret = value.trim();
        if (secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) continue;
        secrets.add(secret);
        fresh.push(secret);
        freshChars += secret.length;
      }
    },
    redact: (text) => redactAll([text])[0]!,
    redactAll,
    size() {
      return secrets.size;
    },
    stats() {
      let windows = 0;
      for (const index of indexes.values()) windows += index.size;
      return { ...counters, windows, pending: fresh.length + matched.length };
    },
  };
}

/** The width a form is matched at: its 12-character pieces, or itself whole when shorter. */
const windowWidth = (form: string) => Math.min(form.length, FRAGMENT_LENGTH);
/** How many windows of its width a form has. */
const windowCount = (form: string) => form.length - windowWidth(form) + 1;

/**
 * Marks in `covered` every character of the texts inside a window of a pending secret: the texts' windows
 * go into small tables (one per width), each window of each pending secret's forms is looked up there, and
 * the texts are then covered where their window was found.
 */
function coverDirectly(
  texts: readonly string[],
  pending: readonly string[],
  covered: Map<string, Uint8Array | null>,
  counters: { scanned: number; probes: number },
): void {
  const ofTexts = new Map<number, WindowIndex | null>();
  const tableFor = (width: number): WindowIndex | null => {
    let table = ofTexts.get(width);
    if (table === undefined) {
      const fitting = texts.filter((text) => text.length >= width);
      table = null;
      if (fitting.length > 0) {
        const windows = fitting.reduce((n, text) => n + text.length - width + 1, 0);
        table = new WindowIndex(width, counters, windows);
        for (const text of fitting) table.addForm(text);
        table.startMarking();
      }
      ofTexts.set(width, table);
    }
    return table;
  };
  for (const secret of pending) {
    for (const form of wireForms(secret)) {
      counters.scanned += windowCount(form);
      tableFor(windowWidth(form))?.mark(form);
    }
  }
  for (const table of ofTexts.values()) {
    if (!table?.marked) continue;
    for (const [text, marks] of covered) covered.set(text, table.cover(text, marks));
  }
}

/** The text with each maximal run of covered characters replaced by one {@link REDACTED}. */
function replaceCovered(text: string, covered: Uint8Array): string {
  let out = '';
  let kept = 0;
  let i = 0;
  while (i < text.length) {
    if (!covered[i]) {
      i++;
      continue;
    }
    out += text.slice(kept, i) + REDACTED;
    while (i < text.length && covered[i]) i++;
    kept = i;
  }
  return out + text.slice(kept);
}

/** The rolling hash's base (odd, so multiplication by it is a bijection modulo 2^32). */
const BASE = 0x01000193;
/** Fibonacci hashing's multiplier (2^32 / φ): its product's top bits pick a filter bucket. */
const FILTER_MULTIPLIER = 0x9e3779b1;
/** Windows per slot at most, before the table doubles (linear probing stays short below this). */
const MAX_LOAD = 0.6;

/** Mixes a rolling hash so that nearby windows land on distant slots (murmur3's finaliser). */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Every distinct window of one width found in the forms added, as an open-addressing table whose slot holds
 * the window's position in a corpus of UTF-16 code units, and 8 bits of its hash to skip most mismatches
 * without reading the corpus. No string per window is held: 10,000 secrets take under 20 MiB.
 *
 * The same table holds a text's windows for {@link coverDirectly}: then secrets' windows {@link mark} the
 * slots they are found in, and {@link cover} covers only the text's windows whose slot was marked.
 */
class WindowIndex {
  readonly width: number;
  /** BASE^width modulo 2^32: what the character leaving a window weighed. */
  private readonly outWeight: number;
  private corpus: Uint16Array;
  private corpusLength = 0;
  /** Position in the corpus + 1; 0 is an empty slot. */
  private slotAt: Uint32Array;
  /** The top 8 bits of the slot's hash (the low bits chose the slot). */
  private slotTag: Uint8Array;
  /** Once marking has started (the table is then full): which slots a {@link mark} found. */
  private marks: Uint8Array | null = null;
  /**
   * Once marking has started: a bit per bucket of rolling hashes, set where a window held falls, so that
   * {@link mark} skips at once the windows (nearly all of a secret's) that cannot be held.
   */
  private filter: Int32Array | null = null;
  private filterShift = 0;
  size = 0;
  /** Whether any slot was marked. */
  marked = false;

  /** `expected`: how many windows will be added, to size the table once (it grows beyond it). */
  constructor(
    width: number,
    private readonly counters: { probes: number },
    expected = 1024,
  ) {
    this.width = width;
    let weight = 1;
    for (let i = 0; i < width; i++) weight = Math.imul(weight, BASE);
    this.outWeight = weight;
    let slots = 16;
    while (slots * MAX_LOAD < expected) slots *= 2;
    this.slotAt = new Uint32Array(slots);
    this.slotTag = new Uint8Array(slots);
    this.corpus = new Uint16Array(Math.max(16, expected + width));
  }

  /** Freezes the windows held: from now on {@link mark} flags slots and {@link cover} honours only flagged ones. */
  startMarking(): void {
    this.marks = new Uint8Array(this.slotAt.length);
    // 32 bits per window: about 1 window in 30 that is not held gets past it.
    let bits = 4096;
    while (bits < this.size * 32 && bits < 1 << 30) bits *= 2;
    this.filter = new Int32Array(bits / 32);
    this.filterShift = 32 - Math.log2(bits);
    const { corpus, width, slotAt } = this;
    for (let i = 0; i < slotAt.length; i++) {
      const held = slotAt[i]!;
      if (held === 0) continue;
      let h = 0;
      for (let k = 0; k < width; k++) h = (Math.imul(h, BASE) + corpus[held - 1 + k]!) | 0;
      const bucket = Math.imul(h, FILTER_MULTIPLIER) >>> this.filterShift;
      this.filter[bucket >>> 5]! |= 1 << (bucket & 31);
    }
  }

  /** Flags the slot of every window of `form` that the table holds (after {@link startMarking}). */
  mark(form: string): void {
    const { width, outWeight, marks, filter, filterShift } = this;
    if (!marks || !filter || form.length < width) return;
    let h = 0;
    for (let i = 0; i < form.length; i++) {
      h = (Math.imul(h, BASE) + form.charCodeAt(i)) | 0;
      if (i >= width) h = (h - Math.imul(form.charCodeAt(i - width), outWeight)) | 0;
      if (i < width - 1) continue;
      const bucket = Math.imul(h, FILTER_MULTIPLIER) >>> filterShift;
      if ((filter[bucket >>> 5]! & (1 << (bucket & 31))) === 0) continue;
      const slot = this.probe(mix(h), form, i - width + 1);
      if (slot >= 0) {
        marks[slot] = 1;
        this.marked = true;
      }
    }
  }

  /** Adds every window of `form` (a form shorter than the width is never given). */
  addForm(form: string): void {
    const start = this.corpusLength;
    this.append(form);
    const { width, outWeight } = this;
    let added = 0;
    let h = 0;
    for (let i = 0; i < form.length; i++) {
      h = (Math.imul(h, BASE) + form.charCodeAt(i)) | 0;
      if (i >= width) h = (h - Math.imul(form.charCodeAt(i - width), outWeight)) | 0;
      if (i < width - 1) continue;
      if (this.insert(mix(h), form, i - width + 1, start + i - width + 1)) added++;
    }
    // Every window was known already (a shared prefix, a duplicate form): keep the corpus as it was.
    if (added === 0) this.corpusLength = start;
  }

  /** Marks in `covered` (allocated on the first hit) every character of `text` inside a known window. */
  cover(text: string, covered: Uint8Array | null): Uint8Array | null {
    const { width, outWeight } = this;
    if (this.size === 0 || text.length < width) return covered;
    let h = 0;
    for (let i = 0; i < text.length; i++) {
      h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
      if (i >= width) h = (h - Math.imul(text.charCodeAt(i - width), outWeight)) | 0;
      if (i < width - 1) continue;
      const from = i - width + 1;
      const slot = this.probe(mix(h), text, from);
      if (slot >= 0 && (!this.marks || this.marks[slot])) {
        covered ??= new Uint8Array(text.length);
        covered.fill(1, from, i + 1);
      }
    }
    return covered;
  }

  private append(form: string): void {
    const needed = this.corpusLength + form.length;
    if (needed > this.corpus.length) {
      let length = this.corpus.length * 2;
      while (length < needed) length *= 2;
      const grown = new Uint16Array(length);
      grown.set(this.corpus.subarray(0, this.corpusLength));
      this.corpus = grown;
    }
    for (let i = 0; i < form.length; i++) this.corpus[this.corpusLength + i] = form.charCodeAt(i);
    this.corpusLength = needed;
  }

  /** Inserts the window of `form` at `from` (already copied to corpus position `at`) unless an equal one is held; true if inserted. */
  private insert(hash: number, form: string, from: number, at: number): boolean {
    const found = this.probe(hash, form, from);
    if (found >= 0) return false;
    const slot = -found - 1;
    this.slotAt[slot] = at + 1;
    this.slotTag[slot] = hash >>> 24;
    this.size++;
    if (this.marks) throw new Error('a window added to a table being marked');
    if (this.size > this.slotAt.length * MAX_LOAD) this.grow();
    return true;
  }

  /** Linear probing for the window of `text` at `from`: its slot if held, else -(the empty slot where it belongs) - 1. */
  private probe(hash: number, text: string, from: number): number {
    const mask = this.slotAt.length - 1;
    const tag = hash >>> 24;
    const { corpus, width } = this;
    let slot = hash & mask;
    for (;;) {
      this.counters.probes++;
      const held = this.slotAt[slot]!;
      if (held === 0) return -slot - 1;
      if (this.slotTag[slot] === tag) {
        let k = 0;
        while (k < width && corpus[held - 1 + k] === text.charCodeAt(from + k)) k++;
        if (k === width) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Doubles the table, hashing each window again from the corpus (amortised: one rehash per window added). */
  private grow(): void {
    const oldAt = this.slotAt;
    this.slotAt = new Uint32Array(oldAt.length * 2);
    this.slotTag = new Uint8Array(oldAt.length * 2);
    const mask = this.slotAt.length - 1;
    const { corpus, width } = this;
    for (let i = 0; i < oldAt.length; i++) {
      const held = oldAt[i]!;
      if (held === 0) continue;
      let h = 0;
      for (let k = 0; k < width; k++) h = (Math.imul(h, BASE) + corpus[held - 1 + k]!) | 0;
      const hash = mix(h);
      let slot = hash & mask;
      this.counters.probes++;
      while (this.slotAt[slot] !== 0) {
        slot = (slot + 1) & mask;
        this.counters.probes++;
      }
      this.slotAt[slot] = held;
      this.slotTag[slot] = hash >>> 24;
    }
  }
}

/** The redactor every output path shares. */
export const redactor: Redactor = createRedactor();

/**
 * A copy of an error whose message and stack are redacted, for crash reports and `--verbose`.
 * The original is left untouched; anything that is not an Error becomes one.
 */
export function redactError(error: unknown, using: Redactor = redactor): Error {
  if (!(error instanceof Error)) return new Error(using.redact(String(error)));
  const copy = new Error(using.redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack ? using.redact(error.stack) : undefined;
  return copy;
}

/**
 * The message of a JSON parse error without the excerpt of the text that V8 quotes in it
 * (`Unexpected token 'b', "bt_D4JnBYG"... is not valid JSON`). The text may be a damaged config or an import
 * file, whose secrets the redactor cannot know because they could not be parsed; a piece of a secret is
 * still a secret.
 */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!/ is not valid JSON$/.test(message)) return message;
  return /^Unexpected token '[\s\S]+?'(?=, )/u.exec(message)?.[0] ?? 'not valid JSON';
}

/**
 * Every form a secret can take in text we might print: as is, URL- and form-encoded, JSON-escaped (with
 * and without `\/`), and base64 (a Basic `Authorization` header, or a secret embedded in a longer base64 string).
 */
export function wireForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  // A lone surrogate cannot be URL-encoded (URIError); the other forms still stand.
  try {
    forms.add(encodeURIComponent(secret));
  } catch {}
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  // Some servers (PHP's json_encode) also escape the slash.
  forms.add(json.replaceAll('/', '\\/'));
  for (const encoded of base64Forms(secret)) forms.add(encoded);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Base64 of the secret at each of the three byte alignments it can have inside a longer payload
 * (e.g. `user:secret`), keeping only the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    // Unshifted, the core is a prefix of the whole encoding above: every 12-character window of it is one of
    // the whole's already. Only a core shorter than that, matched whole, adds anything.
    if (offset === 0 && end >= FRAGMENT_LENGTH) continue;
    for (const alphabet of ['base64', 'base64url'] as const) {
      const core = padded.toString(alphabet).slice(first, end);
      if (core.length >= MIN_ENCODED_LENGTH) out.push(core);
    }
  }
  return out;
}

/**
 * The credentials a request carries in its headers (`Authorization`, `X-NUCLIA-SERVICEACCOUNT`, API-key
 * headers), so they are redacted even when the caller forgot to name them.
 */
export function credentialsInHeaders(headers: Record<string, string> | undefined): string[] {
  if (!headers) return [];
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/authorization|token|key|secret|serviceaccount|session|cookie/i.test(name)) continue;
    const match = /^\s*(\w+)\s+(\S+)\s*$/.exec(value);
    const scheme = match?.[1]?.toLowerCase();
    const credential = match?.[2];
    if (scheme === 'basic' && credential) {
      // The password half of `user:password` is the secret; a bare client id (`platform-cli:`) is not.
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const password = decoded.slice(decoded.indexOf(':') + 1);
      if (password) found.push(credential, password);
    } else if (credential) {
      found.push(credential);
    } else {
      found.push(value.trim());
    }
  }
  return found;
}
