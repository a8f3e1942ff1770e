import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import { moduleFromValue, type VariableShapes } from './settings-assignments.js';
import { LineIndex, linesOf } from './text-lines.js';

/** A settings module set somewhere in a YAML (or JSON) file, with the mapping keys that lead to it. */
export interface YamlMention {
  module: string;
  line: number;
  /** Mapping keys from the document root (`['services', 'web', 'environment']`); empty when the file did not parse. */
  keys: string[];
}

/** Pair keys whose sibling `value` is the variable's value: Kubernetes `env`, render `envVars`, Beanstalk `option_settings`. */
const NAME_KEYS = ['name', 'key', 'option_name', 'Name', 'Key', 'OptionName'];
const VALUE_KEYS = ['value', 'Value'];

/**
 * Every settings module a YAML or JSON file sets: a settings key with a literal value (`DJANGO_SETTINGS_MODULE: x`,
 * `djangoSettingsModule: x`, app.json's `{ "value": x }`), a `name: DJANGO_SETTINGS_MODULE` / `value: x` pair, and
 * any string holding `DJANGO_SETTINGS_MODULE=x` or `--settings=x` (compose list environments, commands). Aliases
 * and merge keys are followed, so a service that merges a shared block finds the block's line. A file that does
 * not parse (templated Helm charts, broken YAML) is read line by line instead, with `keys` left empty.
 */
export function yamlMentions(text: string, variable: VariableShapes, parsed?: Document.Parsed[]): YamlMention[] {
  const documents = parsed ?? parseYaml(text);
  if (!documents) return lineMentions(text, variable);
  const lines = new LineIndex(text);
  const mentions: YamlMention[] = [];
  for (const document of documents) {
    new MentionCollector(text, lines, document, mentions, variable).visit(document.contents, [], 0);
  }
  return dedupe(mentions);
}

/** The documents of a YAML (or JSON) stream, or undefined when any of them has an error. Never throws. */
export function parseYaml(text: string): Document.Parsed[] | undefined {
  try {
    const parsed = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
    const documents = Array.isArray(parsed) ? parsed : [];
    return documents.some((document) => document.errors.length > 0) ? undefined : documents;
  } catch {
    return undefined;
  }
}

/** The keys of each document's root mapping. */
export function rootKeys(documents: Document.Parsed[]): Set<string> {
  const keys = new Set<string>();
  for (const document of documents) {
    if (!isMap(document.contents)) continue;
    for (const pair of document.contents.items) if (isScalar(pair.key)) keys.add(String(pair.key.value));
  }
  return keys;
}

class MentionCollector {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly document: Document.Parsed,
    private readonly mentions: YamlMention[],
    private readonly variable: VariableShapes,
  ) {}

  visit(node: unknown, keys: string[], depth: number): void {
    if (depth > 64 || node === null || node === undefined) return;
    if (isAlias(node)) {
      this.visit(node.resolve(this.document), keys, depth + 1);
      return;
    }
    if (isScalar(node)) {
      this.scanScalar(node, keys);
      return;
    }
    if (isSeq(node)) {
      for (const item of node.items) this.visit(item, keys, depth + 1);
      this.scanCommandList(node.items, keys);
      return;
    }
    if (!isMap(node)) return;
    this.readNameValuePair(node, keys);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === '<<') {
        this.visit(pair.value, keys, depth + 1);
        continue;
      }
      if (key !== undefined && this.variable.isKey(key)) {
        this.readSettingsValue(pair.value, [...keys, key], depth);
        continue;
      }
      this.visit(pair.value, key === undefined ? keys : [...keys, key], depth + 1);
    }
  }

  private readSettingsValue(value: unknown, keys: string[], depth: number): void {
    const target = isAlias(value) && depth < 64 ? value.resolve(this.document) : value;
    if (isScalar(target)) {
      this.add(target.value, target, keys);
      return;
    }
    // app.json: `"DJANGO_SETTINGS_MODULE": { "value": "x" }`.
    if (isMap(target)) {
      for (const pair of target.items) {
        if (isScalar(pair.key) && VALUE_KEYS.includes(String(pair.key.value)) && isScalar(pair.value)) {
          this.add(pair.value.value, pair.value, keys);
        }
      }
    }
  }

  private readNameValuePair(node: { items: { key: unknown; value: unknown }[] }, keys: string[]): void {
    const nameOf = (names: string[]) =>
      node.items.find((pair) => isScalar(pair.key) && names.includes(String(pair.key.value)));
    const name = nameOf(NAME_KEYS);
    if (!name || !isScalar(name.value) || name.value.value !== this.variable.name) return;
    const value = nameOf(VALUE_KEYS);
    if (value && isScalar(value.value)) this.add(value.value.value, value.value, keys);
  }

  private add(raw: unknown, node: Node, keys: string[]): void {
    if (typeof raw !== 'string') return;
    const module = moduleFromValue(raw);
    if (module && node.range) this.mentions.push({ module, line: this.lines.lineAt(node.range[0]), keys });
  }

  /**
   * A command written as a list (`command: ["python", "manage.py", "migrate", "--settings", "x"]`, Kubernetes
   * `args:`) puts an option and its value in two items: the items are read as one command line.
   */
  private scanCommandList(items: unknown[], keys: string[]): void {
    if (items.length < 2 || !items.every((item) => isScalar(item) && typeof item.value === 'string')) return;
    const words = items as Scalar[];
    if (words.length > 200 || !words.some((word) => String(word.value).startsWith('--'))) return;
    let command = '';
    const itemAt: Scalar[] = [];
    for (const word of words) {
      const text = `${String(word.value)} `;
      for (let i = 0; i < text.length; i++) itemAt.push(word);
      command += text;
    }
    for (const mention of this.variable.optionMentions(command)) {
      const range = itemAt[mention.index]?.range;
      if (range) this.mentions.push({ module: mention.module, line: this.lines.lineAt(range[0]), keys });
    }
  }

  /** A string's source text is scanned, so a mention inside a block scalar gets its own line. */
  private scanScalar(node: Node, keys: string[]): void {
    if (!node.range) return;
    const [start, end] = node.range;
    const source = this.text.slice(start, end);
    if (!this.variable.mayMention(source)) return;
    for (const mention of this.variable.mentions(source)) {
      this.mentions.push({ module: mention.module, line: this.lines.lineAt(start + mention.index), keys });
    }
  }
}

/** A block reached through several aliases is found once per place that uses it. */
function dedupe(mentions: YamlMention[]): YamlMention[] {
  const seen = new Set<string>();
  return mentions.filter((mention) => {
    const key = `${mention.line}\0${mention.module}\0${mention.keys.join('\0')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The fallback for files that do not parse (templated charts, broken YAML), and the reader of Terraform/HCL: a
 * comment line (`#`, `//`) is skipped; a spelling of the key (`djangoSettingsModule: x`, `django_settings_module =
 * "x"`) counts; a `name`/`value` pair counts on one line (`{ name = "DJANGO_SETTINGS_MODULE", value = "x" }`) or
 * with the value within the next two lines.
 */
export function lineMentions(
  text: string,
  variable: VariableShapes,
  /** HCL: only quoted values are literals (`var.settings_module` is a reference). */
  quotedOnly = false,
): YamlMention[] {
  const lines = linesOf(text);
  const mentions: YamlMention[] = [];
  const add = (raw: string, line: number) => {
    if (quotedOnly && !/^["']/.test(raw)) return;
    const module = moduleFromValue(raw.replace(/\s+(#|\/\/).*$/, '').replace(/,$/, ''));
    if (module) mentions.push({ module, line, keys: [] });
  };
  const namePart = new RegExp(
    String.raw`["']?(?:name|key|option_name|Name|Key|OptionName)["']?\s*[:=]\s*["']?${variable.name}["']?`,
  );
  lines.forEach((line, index) => {
    if (/^\s*(#|\/\/)/.test(line)) return;
    for (const mention of variable.mentions(line)) {
      if (quotedOnly && !/["']/.test(line[mention.index - 1] ?? '')) continue;
      mentions.push({ module: mention.module, line: index + 1, keys: [] });
    }
    // `djangoSettingsModule: x` (the variable's own name is one of the mentions above).
    const spelled = /^\s*-?\s*["']?([\w-]+)["']?\s*[:=]\s*(\S.*)$/.exec(line);
    if (spelled && spelled[1] !== variable.name && variable.isKey(spelled[1]!)) add(spelled[2]!, index + 1);
    const name = namePart.exec(line);
    if (!name) return;
    const sameLine = VALUE_PART.exec(line.slice(name.index + name[0].length));
    if (sameLine) {
      add(sameLine[1]!, index + 1);
      return;
    }
    for (let next = index + 1; next <= index + 2 && next < lines.length; next++) {
      const value = new RegExp(String.raw`^\s*${VALUE_PART.source}`).exec(lines[next]!);
      if (value) add(value[1]!, next + 1);
    }
  });
  return mentions;
}

const VALUE_PART = /["']?(?:value|Value)["']?\s*[:=]\s*("[^"]*"|'[^']*'|[^\s,}]+)/;
