#!/usr/bin/env node
import { existsSync, readFileSync, readdirSync, statSync, realpathSync, lstatSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join as join$1, relative, dirname, resolve, sep, basename } from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { StringDecoder } from 'string_decoder';
import * as os from 'os';
import * as events from 'events';
import * as child from 'child_process';
import * as path from 'path';
import 'assert';
import * as fs from 'fs';
import { setTimeout as setTimeout$1 } from 'timers';

const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR$1 = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR$1;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR$1:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (isNode(ctrl) || isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (isMap(node))
        return visitor.Map?.(key, node, path);
    if (isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (isPair(node))
        return visitor.Pair?.(key, node, path);
    if (isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && isNode(doc.contents)) {
            const tags = {};
            visit(doc.contents, (_key, node) => {
                if (isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (isScalar(ref.node) || isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

class Alias extends NodeBase {
    constructor(source) {
        super(ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit(doc, {
                Node: (_key, node) => {
                    if (isAlias(node) || hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends NodeBase {
    constructor(value) {
        super(SCALAR$1);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (isDocument(value))
        value = value.contents;
    if (isNode(value))
        return value;
    if (isPair(value)) {
        const map = ctx.schema[MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[MAP]
                : Symbol.iterator in Object(value)
                    ? schema[SEQ]
                    : schema[MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => isNode(it) || isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && isScalar(node) ? node.value : node;
        else
            return isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines(str, indent, FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines(res, indent, FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines(`${start}${foldedValue}${end}`, indent, FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines(str, indent, FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.BLOCK_FOLDED:
            case Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (isScalar(node) || isCollection(node)) && node.anchor;
    if (anchor && anchorIsValid(anchor)) {
        anchors.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : isScalar(node)
            ? stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (isCollection(key) || (!isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            isCollection(key) ||
            (isScalar(key)
                ? key.type === Scalar.BLOCK_FOLDED || key.type === Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        console.warn(warning);
    }
}

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (isScalar(key) &&
        (!key.type || key.type === Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

function addPairToJSMap(ctx, map, { key, value }) {
    if (isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (isMergeKey(ctx, key))
        addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (isNode(key) && ctx?.doc) {
        const strCtx = createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

function createPair(key, value, ctx) {
    const k = createNode(key, undefined, ctx);
    const v = createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, NODE_TYPE, { value: PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (isNode(key))
            key = key.clone(schema);
        if (isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (isPair(item)) {
            const ik = isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (isPair(item)) {
            const ik = isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

function findPair(items, key) {
    const k = isScalar(key) ? key.value : key;
    for (const it of items) {
        if (isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair(pair, pair?.value);
        }
        else
            _pair = new Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (isScalar(prev.value) && isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.from(schema, obj, ctx)
};

class YAMLSeq extends Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (isScalar(prev) && isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

const seq$1 = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.from(schema, obj, ctx)
};

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString(item, ctx, onComment, onChompKeep);
    }
};

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

const floatNaN$1 = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber
};
const floatExp$1 = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber(node);
    }
};
const float$1 = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber
};

const intIdentify$2 = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve$1 = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify$1(node, radix, prefix) {
    const { value } = node;
    if (intIdentify$2(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber(node);
}
const intOct$1 = {
    identify: value => intIdentify$2(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve$1(str, 2, 8, opt),
    stringify: node => intStringify$1(node, 8, '0o')
};
const int$1 = {
    identify: intIdentify$2,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve$1(str, 0, 10, opt),
    stringify: stringifyNumber
};
const intHex$1 = {
    identify: value => intIdentify$2(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve$1(str, 2, 16, opt),
    stringify: node => intStringify$1(node, 16, '0x')
};

const schema$2 = [
    map,
    seq$1,
    string,
    nullTag,
    boolTag,
    intOct$1,
    int$1,
    intHex$1,
    floatNaN$1,
    floatExp$1,
    float$1
];

function intIdentify$1(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify$1,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify$1(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema$1 = [map, seq$1].concat(jsonScalars, jsonError);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.BLOCK_LITERAL);
        if (type !== Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

function resolvePairs(seq, onError) {
    if (isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (isPair(item))
                continue;
            else if (isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair(new Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = isPair(item) ? item : new Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

class YAMLOMap extends YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (isPair(pair)) {
                key = toJS(pair.key, '', ctx);
                value = toJS(pair.value, key, ctx);
            }
            else {
                key = toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs = createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs = resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs.items) {
            if (isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar(false),
    stringify: boolStringify
};

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber
};

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

class YAMLSet extends YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair(key.key, null);
        else
            pair = new Pair(key, null);
        const prev = findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = findPair(this.items, key);
        return !keepPair && isPair(pair)
            ? isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

const schema = [
    map,
    seq$1,
    string,
    nullTag,
    trueTag,
    falseTag,
    intBin,
    intOct,
    int,
    intHex,
    floatNaN,
    floatExp,
    float,
    binary,
    merge,
    omap,
    pairs,
    set,
    intTime,
    floatTime,
    timestamp
];

const schemas = new Map([
    ['core', schema$2],
    ['failsafe', [map, seq$1, string]],
    ['json', schema$1],
    ['yaml11', schema],
    ['yaml-1.1', schema]
]);
const tagsByName = {
    binary,
    bool: boolTag,
    float: float$1,
    floatExp: floatExp$1,
    floatNaN: floatNaN$1,
    floatTime,
    int: int$1,
    intHex: intHex$1,
    intOct: intOct$1,
    intTime,
    map,
    merge,
    null: nullTag,
    omap,
    pairs,
    seq: seq$1,
    set,
    timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary,
    'tag:yaml.org,2002:merge': merge,
    'tag:yaml.org,2002:omap': omap,
    'tag:yaml.org,2002:pairs': pairs,
    'tag:yaml.org,2002:set': set,
    'tag:yaml.org,2002:timestamp': timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge)
            ? schemaTags.concat(merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? getTags(compat, 'compat')
            : compat
                ? getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? coreKnownTags : {};
        this.tags = getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, MAP, { value: map });
        Object.defineProperty(this, SCALAR$1, { value: string });
        Object.defineProperty(this, SEQ, { value: seq$1 });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, NODE_TYPE, { value: DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [NODE_TYPE]: { value: DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode(value, tag, ctx);
        if (flow && isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (isEmptyPath(path))
            return !keepScalar && isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (isEmptyPath(path))
            return this.contents !== undefined;
        return isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (isScalar(a) && isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap : YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = isNode(res)
        ? res
        : new Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[SCALAR$1];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[SCALAR$1];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = isScalar(res) ? res : new Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[SCALAR$1]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[SCALAR$1];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[SCALAR$1];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[SCALAR$1];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode(ctx, value, props, onError)
        : composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new YAMLWarning(pos, code, message));
            else
                this.errors.push(new YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
let Parser$1 = class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
};

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter = options.lineCounter || (prettyErrors && new LineCounter()) || null;
    return { lineCounter, prettyErrors };
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser = new Parser$1(lineCounter?.addNewLine);
    const composer = new Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer.compose(parser.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(prettifyError(source, lineCounter));
        doc.warnings.forEach(prettifyError(source, lineCounter));
    }
    return doc;
}

const LEVELS = ['error', 'warning', 'note'];
/** Higher is more severe; used to compare a finding's level with the `--fail-on` threshold. */
const LEVEL_RANK = { error: 3, warning: 2, note: 1 };
/**
 * Stable across line shifts: the rule, the file and the flagged text with its whitespace collapsed.
 * Two identical snippets in one file get the same fingerprint; the baseline keeps a count per fingerprint.
 */
function fingerprintOf(ruleId, file, snippet, discriminator = '') {
    const normalised = snippet.replace(/\s+/g, ' ').trim();
    return createHash('sha256').update([ruleId, file, normalised, discriminator].join('\0')).digest('hex').slice(0, 32);
}
function compareFindings(a, b) {
    return (a.file.localeCompare(b.file) ||
        a.line - b.line ||
        a.column - b.column ||
        LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
        a.ruleId.localeCompare(b.ruleId));
}

/** tree-sitter positions are 0-based rows and UTF-16 columns; findings use 1-based lines and columns. */
function spanOf(node, file) {
    return {
        file,
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        endLine: node.endPosition.row + 1,
        endColumn: node.endPosition.column + 1,
    };
}
function fileStartSpan(file) {
    return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
function describeSpan(span) {
    return `${span.file}:${span.line}`;
}

function make(kind, payload, span, env = []) {
    return { kind, ...payload, span, env };
}
const unknown = (why, span, env = []) => make('unknown', { why }, span, env);
function mergeEnv(...groups) {
    const seen = new Map();
    for (const group of groups)
        for (const read of group)
            if (!seen.has(read.variable))
                seen.set(read.variable, read);
    return [...seen.values()];
}
function withProvenance(value, span, env) {
    return { ...value, span, env: mergeEnv(value.env, env) };
}
function isKnown(value) {
    switch (value.kind) {
        case 'unknown':
        case 'either':
            return false;
        case 'list':
        case 'tuple':
        case 'set':
            return value.items.every(isKnown);
        case 'dict':
            return value.entries.every(([k, v]) => isKnown(k) && isKnown(v));
        default:
            return true;
    }
}
/** Python truthiness; undefined when the model cannot tell. */
function truthy(value) {
    switch (value.kind) {
        case 'none':
            return false;
        case 'bool':
            return value.value;
        case 'int':
        case 'float':
            return value.value !== 0;
        case 'str':
            return value.value.length > 0;
        case 'list':
        case 'tuple':
        case 'set':
            return value.items.length > 0;
        case 'dict':
            return value.entries.length > 0;
        case 'object':
            return true;
        case 'unknown':
            return undefined;
        case 'either': {
            const answers = new Set(value.options.map(truthy));
            return answers.size === 1 ? [...answers][0] : undefined;
        }
    }
}
/** `value is True` in Python. */
function isTrueSingleton(value) {
    if (value.kind === 'unknown')
        return undefined;
    if (value.kind === 'either') {
        const answers = new Set(value.options.map(isTrueSingleton));
        return answers.size === 1 ? [...answers][0] : undefined;
    }
    return value.kind === 'bool' && value.value;
}
/** Every concrete outcome a value may have (an `either` unfolded). */
function outcomes(value) {
    return value.kind === 'either' ? value.options.flatMap(outcomes) : [value];
}
function numeric(value) {
    if (value.kind === 'bool')
        return value.value ? 1 : 0;
    if (value.kind === 'int' || value.kind === 'float')
        return value.value;
    return undefined;
}
function asNumber(value) {
    return numeric(value);
}
/** Python `==`; undefined when either side is not known. */
function pyEquals(a, b) {
    if (!isKnown(a) || !isKnown(b))
        return undefined;
    const na = numeric(a);
    const nb = numeric(b);
    if (na !== undefined && nb !== undefined)
        return na === nb;
    if (a.kind === 'none' || b.kind === 'none')
        return a.kind === b.kind;
    if (a.kind === 'str' && b.kind === 'str')
        return a.value === b.value;
    if ((a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) {
        const bi = b.items;
        return a.items.length === bi.length && a.items.every((item, i) => pyEquals(item, bi[i]) === true);
    }
    if (a.kind === 'set' && b.kind === 'set') {
        return (a.items.length === b.items.length && a.items.every((item) => b.items.some((o) => pyEquals(item, o) === true)));
    }
    if (a.kind === 'dict' && b.kind === 'dict') {
        return (a.entries.length === b.entries.length &&
            a.entries.every(([k, v]) => b.entries.some(([k2, v2]) => pyEquals(k, k2) === true && pyEquals(v, v2) === true)));
    }
    if (a.kind === 'object' || b.kind === 'object')
        return a === b;
    return false;
}
/** Python `needle in haystack`; undefined when it cannot be decided. */
function pyContains(haystack, needle) {
    if (haystack.kind === 'str') {
        if (needle.kind !== 'str')
            return undefined;
        return haystack.value.includes(needle.value);
    }
    if (haystack.kind === 'list' || haystack.kind === 'tuple' || haystack.kind === 'set') {
        let undecided = false;
        for (const item of haystack.items) {
            const equal = pyEquals(item, needle);
            if (equal === true)
                return true;
            if (equal === undefined)
                undecided = true;
        }
        return undecided ? undefined : false;
    }
    if (haystack.kind === 'dict')
        return pyContains(make('list', { items: haystack.entries.map(([k]) => k) }, haystack.span), needle);
    return undefined;
}
function dictGet(dict, key) {
    if (dict.kind !== 'dict')
        return undefined;
    for (const [k, v] of dict.entries)
        if (k.kind === 'str' && k.value === key)
            return v;
    return undefined;
}
function reprString(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const escaped = text
        .replace(/\\/g, '\\\\')
        .replace(/\n/g, '\\n')
        .replace(/\t/g, '\\t')
        .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
    return `${quote}${escaped}${quote}`;
}
/** `str(value)` for the scalar values settings use; undefined for anything else. */
function stringForm(value) {
    switch (value.kind) {
        case 'str':
            return value.value;
        case 'bool':
            return value.value ? 'True' : 'False';
        case 'int':
            return String(value.value);
        case 'float':
            return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
        case 'none':
            return 'None';
        default:
            return undefined;
    }
}
/** Python repr of a value, as a user would write it in settings. */
function repr(value) {
    switch (value.kind) {
        case 'none':
        case 'bool':
        case 'int':
        case 'float':
            return stringForm(value);
        case 'str':
            return reprString(value.value);
        case 'list':
            return `[${value.items.map(repr).join(', ')}]`;
        case 'tuple':
            return value.items.length === 1 ? `(${repr(value.items[0])},)` : `(${value.items.map(repr).join(', ')})`;
        case 'set':
            return value.items.length === 0 ? 'set()' : `{${value.items.map(repr).join(', ')}}`;
        case 'dict':
            return `{${value.entries.map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}}`;
        case 'object':
            return `<${value.object.type}>`;
        case 'unknown':
            return '<unknown>';
        case 'either':
            return value.options.map(repr).join(' or ');
    }
}
const SECRET_LIKE_VARIABLE = /KEY|SECRET|PASS|PWD|TOKEN|CREDENTIAL|AUTH|DSN|URL|PRIVATE|SIGN|SALT|CERT/i;
/**
 * "when DJANGO_DEBUG is unset (default at config/settings/base.py:14)", or "" when no read shaped the value.
 * The default's location is left out when it is on the line `at` already points to.
 */
function describeEnvironment(env, at) {
    const elsewhere = (span) => !at || span.file !== at.file || span.line !== at.line;
    const parts = [];
    for (const read of env) {
        switch (read.state) {
            case 'default':
                parts.push(`when ${read.variable} is unset${read.defaultSpan && elsewhere(read.defaultSpan) ? ` (default at ${describeSpan(read.defaultSpan)})` : ''}`);
                break;
            case 'unset':
                parts.push(`when ${read.variable} is unset`);
                break;
            case 'given':
                // Given values can be production secrets: show only short values of harmless-looking variables.
                parts.push(SECRET_LIKE_VARIABLE.test(read.variable) || (read.given ?? '').length > 24
                    ? `with ${read.variable} from the given environment`
                    : `with ${read.variable}=${reprString(read.given ?? '')} from the given environment`);
                break;
        }
    }
    return parts.join(' and ');
}
/** What a value is and how it came to be: "True when DJANGO_DEBUG is unset (default at base.py:14)". */
/** How the environment shaped a value, its computation and the branch it was assigned in: "when X is unset". */
function describeConditions(value) {
    return describeEnvironment(mergeEnv(value.env, value.conditions ?? []), value.span);
}
function describe(value) {
    const how = describeConditions(value);
    return how ? `${repr(value)} ${how}` : repr(value);
}
/** Whether the value holds only because some variable is not set (a default, or None from a bare read). */
function reliesOnUnsetVariable(value) {
    return [...value.env, ...(value.conditions ?? [])].some((read) => read.state === 'default' || read.state === 'unset');
}
/** Whether the value was written in the source (directly or via a read's default) rather than supplied. */
function isWrittenInSource(value) {
    return value.env.every((read) => read.state === 'default' || read.state === 'unset');
}

/**
 * A compact subset of the Public Suffix List (https://publicsuffix.org/list/public_suffix_list.dat), for
 * telling a leading-dot `ALLOWED_HOSTS` entry that covers one site (".example.com") from one that covers
 * everybody's sites (".com", ".co.uk", ".herokuapp.com").
 *
 * A public suffix is a name under which anyone can get a name of their own: a top-level domain, a registry's
 * second level (co.uk), or a hosting service that gives each customer a subdomain (herokuapp.com). The full
 * list has some 10,000 rules; what matters here is the handful a Django settings file plausibly names, so
 * the subset is:
 *
 * - top-level domains: every two-letter label (the country codes; none of them is a private name) and the
 *   generic TLDs listed in GENERIC_TLDS. Special-use and internal names (".localhost", ".local",
 *   ".internal", ".lan", ".svc") are not TLDs and are left alone, and so is a generic TLD missing here;
 * - the registry second levels commonly seen (co.uk, com.au, co.jp...);
 * - the platform-as-a-service, serverless and tunnel domains Django projects are deployed to or tested
 *   through (herokuapp.com, pythonanywhere.com, azurewebsites.net, *.run.app, *.compute.amazonaws.com...).
 *
 * Rules use the list's own syntax: "*.run.app" makes every name directly under run.app a public suffix
 * (Cloud Run's a.run.app, ...). Every entry was checked against the list as of August 2026.
 */
const GENERIC_TLDS = new Set([
    // The original and sponsored generic TLDs.
    ...['com', 'net', 'org', 'info', 'biz', 'name', 'pro', 'edu', 'gov', 'mil', 'int'],
    ...['mobi', 'asia', 'tel', 'travel', 'jobs', 'aero', 'coop', 'museum', 'cat'],
    // New generic TLDs that web applications commonly use.
    ...['app', 'dev', 'page', 'xyz', 'online', 'site', 'website', 'tech', 'cloud', 'store', 'shop', 'live'],
    ...['blog', 'top', 'icu', 'club', 'vip', 'work', 'space', 'fun', 'agency', 'digital', 'studio', 'design'],
    ...['media', 'news', 'network', 'systems', 'solutions', 'services', 'software', 'host', 'hosting'],
    ...['email', 'run', 'today', 'world', 'life', 'group', 'company', 'global', 'tools', 'zone', 'link'],
    ...['click', 'one', 'codes', 'build', 'health', 'school', 'academy', 'games', 'social', 'chat'],
]);
/** Regions with their own Elastic Beanstalk suffix (myenv.us-east-1.elasticbeanstalk.com). */
const AWS_REGIONS = [
    ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'af-south-1'],
    ...['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'me-south-1'],
    ...['ap-east-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1'],
    'ap-southeast-2',
];
/** Registry second levels (the list's ICANN section), in the list's syntax. */
const REGISTRY_SUFFIX_RULES = [
    ...['co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'ac.uk', 'gov.uk', 'nhs.uk', 'police.uk'],
    ...['com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'asn.au', 'id.au'],
    ...['co.nz', 'net.nz', 'org.nz', 'ac.nz', 'govt.nz'],
    ...['co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp'],
    ...['co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in'],
    ...['com.br', 'net.br', 'org.br', 'co.za', 'org.za', 'com.mx', 'org.mx', 'com.ar', 'com.co', 'com.pe'],
    ...['com.sg', 'com.my', 'com.ph', 'co.id', 'co.th', 'com.vn', 'com.hk', 'com.tw', 'co.kr', 'or.kr'],
    ...['com.cn', 'net.cn', 'org.cn', 'com.tr', 'co.il', 'org.il', 'com.ng', 'co.ke', 'com.pk', 'com.bd'],
    ...['*.np', 'com.eg', 'com.sa', 'com.ua', 'com.pl', 'com.es', 'com.gr', 'com.pt'],
];
/** Platforms that give every customer a subdomain (the list's private section), in the list's syntax. */
const PLATFORM_SUFFIX_RULES = [
    ...['herokuapp.com', 'pythonanywhere.com', 'eu.pythonanywhere.com', 'onrender.com', 'fly.dev'],
    ...['up.railway.app', 'ondigitalocean.app', 'vercel.app', 'now.sh', 'netlify.app', 'github.io', 'gitlab.io'],
    ...['pages.dev', 'workers.dev', 'trycloudflare.com', 'repl.co', 'replit.dev', 'streamlit.app', 'hf.space'],
    // Microsoft Azure.
    ...['azurewebsites.net', 'cloudapp.net', 'azurestaticapps.net', 'azurefd.net', 'trafficmanager.net'],
    // Google Cloud and Firebase.
    ...['appspot.com', '*.r.appspot.com', '*.run.app', 'cloudfunctions.net', 'web.app', 'firebaseapp.com'],
    // Amazon Web Services.
    ...['elasticbeanstalk.com', '*.compute.amazonaws.com', '*.compute-1.amazonaws.com', '*.elb.amazonaws.com'],
    ...AWS_REGIONS.map((region) => `${region}.elasticbeanstalk.com`),
    ...['us-east-1.amazonaws.com', 's3.amazonaws.com', '*.awsapprunner.com', 'cloudfront.net'],
    // Tunnels and dynamic DNS used to reach development machines.
    ...['ngrok.io', 'ngrok.app', 'ngrok-free.app', 'duckdns.org', 'ddns.net'],
];
const PUBLIC_SUFFIX_RULES = [...REGISTRY_SUFFIX_RULES, ...PLATFORM_SUFFIX_RULES];
const PLATFORM_RULES = new Set(PLATFORM_SUFFIX_RULES);
const EXACT = new Set(PUBLIC_SUFFIX_RULES.filter((rule) => !rule.startsWith('*.')));
const WILDCARD_PARENTS = new Set(PUBLIC_SUFFIX_RULES.filter((rule) => rule.startsWith('*.')).map((rule) => rule.slice(2)));
/** Whether `domain` (lower case, no leading or trailing dot) is itself a public suffix of the subset. */
function isPublicSuffix(domain) {
    const labels = domain.split('.');
    if (labels.some((label) => label === ''))
        return false;
    if (labels.length === 1)
        return /^[a-z]{2}$/.test(domain) || GENERIC_TLDS.has(domain);
    return EXACT.has(domain) || WILDCARD_PARENTS.has(labels.slice(1).join('.'));
}
function isPlatformRule(domain) {
    return PLATFORM_RULES.has(domain) || PLATFORM_RULES.has(`*.${domain.split('.').slice(1).join('.')}`);
}
/**
 * The public suffix that a leading-dot host pattern for `domain` covers: Django's ".D" matches D and every
 * name under it, so it reaches other owners' sites when D is a public suffix, or when a public suffix lies
 * under D (".amazonaws.com" covers compute.amazonaws.com, where every EC2 customer has names).
 */
function publicSuffixCovered(domain) {
    const name = domain.toLowerCase();
    if (isPublicSuffix(name))
        return { suffix: name, exact: true, platform: isPlatformRule(name) };
    if (name === '' || name.split('.').some((label) => label === ''))
        return undefined;
    const below = PUBLIC_SUFFIX_RULES.find((rule) => {
        const base = rule.startsWith('*.') ? rule.slice(2) : rule;
        return base.endsWith(`.${name}`) || (rule.startsWith('*.') && base === name);
    });
    return below ? { suffix: below, exact: false, platform: PLATFORM_RULES.has(below) } : undefined;
}

const allowedHostsMissing = {
    kind: 'settings',
    id: 'allowed-hosts-missing',
    level: 'warning',
    summary: 'ALLOWED_HOSTS is empty, so production rejects every request',
    djangoChecks: ['security.W020'],
    seedItem: 2,
    securitySeverity: 3.0,
    tags: ['settings', 'availability'],
    check({ settings, report }) {
        const hosts = settings.get('ALLOWED_HOSTS');
        const value = hosts.value;
        if (hosts.truthy() === false) {
            const fromDefault = hosts.isAssigned && reliesOnUnsetVariable(value);
            report({
                span: hosts.origin,
                setting: 'ALLOWED_HOSTS',
                djangoCheck: 'security.W020',
                level: fromDefault ? 'note' : 'warning',
                message: `ALLOWED_HOSTS is ${hosts.describe()}: with DEBUG off, Django answers every request with 400 Bad Request.`,
                fix: fromDefault
                    ? "Set the variable in production's environment (e.g. ALLOWED_HOSTS=example.com,www.example.com)."
                    : 'ALLOWED_HOSTS = ["example.com", "www.example.com"] (or read them from the environment)',
            });
            return;
        }
        if (value.kind === 'list' || value.kind === 'tuple') {
            const strings = value.items.filter((item) => item.kind === 'str');
            if (strings.length === value.items.length &&
                strings.every((item) => item.kind === 'str' && item.value.trim() === '')) {
                report({
                    span: hosts.origin,
                    setting: 'ALLOWED_HOSTS',
                    level: 'note',
                    message: `ALLOWED_HOSTS is ${hosts.describe()}: an empty host name matches no request, so every request gets 400 Bad Request (Django's check does not notice).`,
                    fix: 'Drop empty entries, e.g. [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h], and set the variable in production.',
                });
            }
        }
    },
    docs: {
        what: 'Checks that `ALLOWED_HOSTS` names at least one host in production.',
        why: "With `DEBUG = False`, Django refuses every request whose `Host` header is not in `ALLOWED_HOSTS`. An empty list means the site answers nothing but 400 errors. Django's `check --deploy` reports it as security.W020.",
        example: `ALLOWED_HOSTS = []`,
        useInstead: `ALLOWED_HOSTS = ["example.com", "www.example.com"]`,
        notes: [
            'An empty list that comes from an unset variable\'s default (`env.list("ALLOWED_HOSTS", default=[])`) fails closed, so it is reported as a note: set the variable in production.',
            '`os.environ.get("ALLOWED_HOSTS", "").split(",")` gives `[""]` when the variable is unset. Django does not warn, but no request matches; this is reported as a note too.',
        ],
        references: [
            {
                title: 'Django settings: ALLOWED_HOSTS',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts',
            },
            { title: 'System check security.W020', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};
function broadEntry(items) {
    // Django matches the pattern "*" exactly (validate_host); " *" matches nothing.
    const star = items.find((item) => item.kind === 'str' && item.value === '*');
    if (star?.kind === 'str')
        return { item: star };
    for (const item of items) {
        // validate_host lower-cases the pattern; ".D" matches D and every name ending in ".D".
        if (item.kind !== 'str' || !item.value.startsWith('.'))
            continue;
        const suffix = publicSuffixCovered(item.value.slice(1).toLowerCase());
        if (suffix)
            return { item, suffix };
    }
    return undefined;
}
function broadMessage(entry) {
    const { item, suffix } = entry;
    if (!suffix) {
        return '"*" turns off Host header validation, so forged Host headers reach the application (poisoned password-reset links, cache poisoning).';
    }
    const domain = item.value.slice(1).toLowerCase();
    const where = !suffix.exact
        ? `every host under ${domain}, which holds the public suffix ${suffix.suffix}, shared by other customers`
        : suffix.platform
            ? `every app under ${domain}, a public suffix the platform shares with all its customers`
            : `every site under ${domain}, a public suffix where anyone can register a name`;
    const example = suffix.exact ? ` (attacker.${domain})` : '';
    return `"${item.value}" matches ${where}, so a forged Host header naming someone else's site there${example} passes validation (poisoned password-reset links, cache poisoning).`;
}
function broadFix(entry) {
    const { item, suffix } = entry;
    if (!suffix)
        return 'ALLOWED_HOSTS = ["example.com", "www.example.com"]; use ".example.com" to allow its subdomains';
    const domain = item.value.slice(1).toLowerCase();
    if (!suffix.exact) {
        return 'List the exact host names you were given instead of a leading-dot pattern; keep the leading dot for a domain you own (".example.com")';
    }
    if (suffix.platform) {
        return `List your own names: ALLOWED_HOSTS = ["your-app.${domain}"]; keep the leading dot for a domain you own (".example.com")`;
    }
    return `List your own names: ALLOWED_HOSTS = ["example.${domain}", "www.example.${domain}"], or ".example.${domain}" for a domain you own and its subdomains`;
}
const allowedHostsWildcard = {
    kind: 'settings',
    id: 'allowed-hosts-wildcard',
    level: 'warning',
    summary: 'ALLOWED_HOSTS accepts any host name',
    djangoChecks: [],
    seedItem: 2,
    securitySeverity: 5.3,
    tags: ['security', 'settings', 'host-header'],
    check({ settings, report }) {
        const hosts = settings.get('ALLOWED_HOSTS');
        const entries = outcomes(hosts.value).map((value) => value.kind === 'list' || value.kind === 'tuple' ? broadEntry(value.items) : undefined);
        // Only a broad entry on every path the model sees is established; an undecided branch is not.
        const [entry] = entries;
        if (entry && entries.every(Boolean)) {
            report({
                span: entry.item.span,
                setting: 'ALLOWED_HOSTS',
                message: `ALLOWED_HOSTS is ${hosts.describe()}: ${broadMessage(entry)}`,
                fix: broadFix(entry),
            });
        }
    },
    docs: {
        what: 'Checks that `ALLOWED_HOSTS` contains neither `"*"` nor a leading-dot entry that covers a whole public suffix (`".com"`, `".co.uk"`, `".herokuapp.com"`), which accepts every site under it.',
        why: 'Django builds absolute URLs, such as the link in a password-reset email, from the request\'s `Host` header. `ALLOWED_HOSTS` is what stops a forged header; `"*"` accepts any. Django\'s own check only asks for a non-empty list, so it passes `["*"]`.',
        example: `ALLOWED_HOSTS = ["*"]

# or every app on the platform, not just yours
ALLOWED_HOSTS = [".herokuapp.com"]`,
        useInstead: `ALLOWED_HOSTS = [".example.com"]  # example.com and its subdomains
# or the one name the platform gave you
ALLOWED_HOSTS = ["my-app.herokuapp.com"]`,
        notes: [
            'A `"*"` that only applies when a variable is unset (`config("ALLOWED_HOSTS", default="*", cast=Csv())`) is reported with that condition.',
            'Django treats an entry that starts with a dot as "this domain and every subdomain", after lower-casing it. On a public suffix, a name under which anyone can register or be given a name, that is every site there: `".com"` accepts `attacker.com`, and `".herokuapp.com"` accepts any other Heroku app. An attacker who controls such a name can send it as the Host header and get it into password-reset links and cached pages. For cloud-hosting suffixes (`.herokuapp.com`, `.pythonanywhere.com`, `.azurewebsites.net`, `.onrender.com`, `.fly.dev`, `.vercel.app`, `*.run.app`...) this is reported too: the pattern is often written to cover one app\'s preview or staging names, but the suffix is shared with every other tenant. A domain above a public suffix (`".amazonaws.com"`, which holds `*.compute.amazonaws.com`) is reported for the same reason; `".example.com"` is not.',
            'The public suffixes come from a compact subset of the Public Suffix List kept in `src/rules/public-suffixes.ts`: every two-letter country code, the common generic TLDs, the common registry second levels (`co.uk`, `com.au`, `co.jp`...) and the hosting, serverless and tunnel domains Django projects are deployed to. A suffix missing from it is not reported. Internal names (`".localhost"`, `".local"`, `".internal"`, `".svc.cluster.local"`) are not public suffixes and are left alone.',
        ],
        references: [
            {
                title: 'Django settings: ALLOWED_HOSTS',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts',
            },
            {
                title: 'Host header validation',
                url: 'https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation',
            },
            { title: 'Public Suffix List', url: 'https://publicsuffix.org/' },
        ],
    },
};

/**
 * A secret as it may appear in a message or log: a short prefix and the length, never the whole value
 * (design.md: "Secrets found in code are never echoed in full").
 */
function maskSecret(secret) {
    const characters = [...secret];
    const shown = characters.length >= 16 ? 4 : characters.length >= 8 ? 2 : characters.length >= 4 ? 1 : 0;
    return `"${characters.slice(0, shown).join('')}…" (${characters.length} characters)`;
}

/** Setting names (and dict keys) that hold a credential. SECRET_KEY has its own rule. */
const CREDENTIAL_NAME = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|AUTH_KEY|CLIENT_SECRET|SECRET_ACCESS_KEY|DSN)$/i;
/** Names that mention a credential but hold something else: a URL, a lifetime, a class path, an identifier. */
const NOT_A_CREDENTIAL = /(_URL|_URI|_TYPE|_NAME|_HEADER|_FIELD|_LENGTH|_AGE|_TIMEOUT|_EXPIRE|_EXPIRY|_EXPIRATION|_LIFETIME|_PATH|_FILE|_ID|_ALGORITHM|_HASHERS|_VALIDATORS|_BACKEND|_CLASS|_CLASSES|_PREFIX|_PARAM|_COOKIE|_SALT_LENGTH)$/i;
/** Keys inside dicts (provider configs, OPTIONS): the same words, in any case, as a whole key or its suffix. */
const CREDENTIAL_KEY = /(^|_)(password|passwd|pass|pwd|secret|token|api_?key|access_?key|secret_?key|private_?key|client_?secret|auth_?token)$/i;
/** A fallback that points at this machine is a development default, not a deployment's credential. */
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[?::1\]?|0\.0\.0\.0|)$/i;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** Values that are obviously not real secrets: empty, templated, or placeholders for documentation. */
const PLACEHOLDER$1 = /^(|\s+|none|null|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|x+|\*+|\.\.\.|%s|%\(\w+\)s|\{\w*\})$/i;
function isSecretLike(value) {
    return value.kind === 'str' && !PLACEHOLDER$1.test(value.value.trim()) && isWrittenInSource(value);
}
/** The variable to read instead: the one already read, else a name derived from where the value sits. */
function variableFor(where, value) {
    const read = value.env.find((r) => r.state === 'default' || r.state === 'unset');
    if (read)
        return read.variable;
    const words = where.match(/[A-Za-z0-9]+/g) ?? ['SECRET'];
    const meaningful = words.filter((word) => !/^(the|URL|in|default)$/i.test(word));
    return meaningful
        .join('_')
        .toUpperCase()
        .replace(/^DATABASES_(\w+_)?/, 'DATABASE_');
}
function reportCredential(report, where, setting, value) {
    const fromDefault = reliesOnUnsetVariable(value);
    const variable = variableFor(where, value);
    const how = describeConditions(value);
    report({
        span: value.span,
        setting,
        level: fromDefault ? 'warning' : 'error',
        message: fromDefault
            ? `${where} falls back to a credential written in the source, ${maskSecret(value.value)}, ${how}: it is readable by anyone with the repository.`
            : `${where} is a credential written in the source, ${maskSecret(value.value)}: anyone who can read the repository (or its history) has it.`,
        fix: fromDefault
            ? `Drop the default so production must supply it: os.environ["${variable}"]; rotate the committed value`
            : `Read it from the environment with no default, e.g. os.environ["${variable}"], and rotate the committed value`,
    });
}
/** Walks a setting's dicts for credential-named keys: DATABASES[...]["PASSWORD"], CACHES OPTIONS, provider configs. */
function checkNested(report, setting, path, value, depth) {
    if (depth > 6)
        return;
    if (value.kind === 'dict') {
        const host = dictGet(value, 'HOST');
        const local = host?.kind === 'str' && LOCAL_HOST.test(host.value);
        for (const [key, item] of value.entries) {
            if (key.kind !== 'str')
                continue;
            const where = `${path}["${key.value}"]`;
            if (CREDENTIAL_KEY.test(key.value) && !NOT_A_CREDENTIAL.test(key.value) && isSecretLike(item)) {
                if (!(local && reliesOnUnsetVariable(item)))
                    reportCredential(report, where, setting, item);
            }
            else
                checkNested(report, setting, where, item, depth + 1);
        }
    }
    else if (value.kind === 'list' || value.kind === 'tuple') {
        value.items.forEach((item, index) => checkNested(report, setting, `${path}[${index}]`, item, depth + 1));
    }
    else if (value.kind === 'str' && isWrittenInSource(value)) {
        const urlPassword = /^[\w+.-]+:\/\/[^:@/\s]*:([^@/\s]+)@([^:/?#\s]*)/.exec(value.value);
        const localFallback = urlPassword && reliesOnUnsetVariable(value) && LOCAL_HOST.test(urlPassword[2]);
        if (urlPassword && !PLACEHOLDER$1.test(urlPassword[1]) && !localFallback) {
            reportCredential(report, `the URL in ${path}`, setting, { ...value, value: urlPassword[1] });
        }
        else if (AWS_ACCESS_KEY.test(value.value)) {
            reportCredential(report, path, setting, value);
        }
    }
}
/** A credential written in the source is exposed whichever branch production takes, so every outcome counts. */
function checkSetting(report, setting) {
    const { name } = setting;
    if (name === 'SECRET_KEY' || name === 'SECRET_KEY_FALLBACKS')
        return;
    for (const value of outcomes(setting.value)) {
        if (CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL.test(name)) {
            if (isSecretLike(value))
                reportCredential(report, name, name, value);
        }
        else {
            checkNested(report, name, name, value, 0);
        }
    }
}
const credentialHardcoded = {
    kind: 'settings',
    id: 'credential-hardcoded',
    level: 'error',
    summary: 'A password, token or API key is written in the settings',
    djangoChecks: [],
    seedItem: 8,
    securitySeverity: 8.1,
    tags: ['security', 'settings', 'secrets'],
    check({ settings, report }) {
        for (const name of settings.names()) {
            const setting = settings.get(name);
            if (setting.isAssigned)
                checkSetting(report, setting);
        }
    },
    docs: {
        what: 'Flags credentials written in the settings production loads: database passwords in `DATABASES`, `EMAIL_HOST_PASSWORD`, settings named like `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, `*_SECRET`, passwords inside connection URLs, and AWS access key IDs.',
        why: 'A credential in the repository is shared with everyone who can read it, with every fork and every CI log that prints settings, and it stays in git history after it is removed. Leaked database and email passwords are among the most exploited findings in public repositories.',
        example: `DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "s3cr3t-pa55",
    }
}`,
        useInstead: `DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": os.environ["DATABASE_PASSWORD"],
    }
}`,
        notes: [
            'A literal is an error; a default of an environment read (`os.environ.get("DB_PASSWORD", "postgres")`) is a warning, since it applies only when the variable is unset.',
            'Names that mention a credential but hold something else (`PASSWORD_RESET_TIMEOUT`, `*_TOKEN_URL`, `*_TOKEN_TYPE`, `PASSWORD_HASHERS`, `AWS_ACCESS_KEY_ID`) are not flagged, nor are empty values and placeholders such as `"<password>"` or `"${DB_PASSWORD}"`.',
            'A fallback that points at this machine (`env("BROKER_URL", default="amqp://guest:guest@localhost//")`, or a `DATABASES` entry whose `HOST` is `localhost` with an environment default for the password) is a development default, not a deployment\'s credential, and is not flagged. The same literal without an environment read is.',
            'Messages show only a masked prefix and the length.',
        ],
        references: [
            {
                title: 'Deployment checklist: keep secrets out of source',
                url: 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key',
            },
            {
                title: 'OWASP: Use of hard-coded password',
                url: 'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password',
            },
            { title: 'CWE-798: Use of Hard-coded Credentials', url: 'https://cwe.mitre.org/data/definitions/798.html' },
        ],
    },
};

const debugEnabled = {
    kind: 'settings',
    id: 'debug-enabled',
    level: 'error',
    summary: 'DEBUG is on in production',
    djangoChecks: ['security.W018'],
    seedItem: 1,
    securitySeverity: 7.5,
    tags: ['security', 'settings', 'information-disclosure'],
    check({ settings, report }) {
        const debug = settings.get('DEBUG');
        const raw = debug.value.rawEnv;
        const rawGiven = debug.value.env.some((read) => read.variable === raw && read.state === 'given');
        if (debug.isAssigned && raw && !rawGiven && debug.truthy() !== true) {
            report({
                span: debug.origin,
                setting: 'DEBUG',
                // Beyond Django: W018 fires only once the variable is set, which is the point of this finding.
                message: `DEBUG takes the text of ${raw} uncast: any non-empty value turns it on, "False" and "0" included, so a production that sets ${raw}=False runs with DEBUG on.`,
                fix: `Compare or cast the value: DEBUG = os.environ.get("${raw}", "") == "1" (or env.bool("${raw}", default=False))`,
            });
            return;
        }
        if (debug.truthy() !== true)
            return;
        const stringTrap = outcomes(debug.value).some((value) => value.kind === 'str');
        report({
            span: debug.origin,
            setting: 'DEBUG',
            djangoCheck: 'security.W018',
            message: `DEBUG is ${debug.describe()}: error pages would show settings, source code and SQL to any visitor.` +
                (stringTrap ? ' Environment values are strings, and every non-empty string is true, "False" included.' : ''),
            fix: 'DEBUG = False, or read it as a boolean with a False default: DEBUG = env.bool("DJANGO_DEBUG", default=False)',
        });
    },
    docs: {
        what: 'Checks that `DEBUG` is false in the settings production loads, including when it is read from the environment and the variable is unset.',
        why: 'With `DEBUG = True`, Django answers every error with a detailed page: the traceback, local variables, every setting that is not obviously secret, and the SQL that ran. It also keeps every query in memory. Anyone who can trigger an error can read them.',
        example: `import os

DEBUG = os.environ.get("DJANGO_DEBUG", "False")  # a non-empty string: always true`,
        useInstead: `import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"`,
        notes: [
            'The value is judged as Python would compute it: `os.environ.get("DEBUG", False)` is the string "False" whenever the variable is set, and a non-empty string is true.',
            'Without `--env`, a read falls back to its default, and the finding says so ("True when DJANGO_DEBUG is unset"). With `--env DJANGO_DEBUG=0` the given value decides.',
            'DEBUG set to a variable\'s text without a cast (`os.environ.get("DEBUG", False)`, `bool(os.getenv("DEBUG"))`, `config("DEBUG", default=False)` without `cast=bool`) is reported even when the variable is unset: the first production that sets it, to anything but an empty string, runs with DEBUG on.',
            'When a condition the scanner cannot evaluate decides DEBUG, no finding is reported.',
        ],
        references: [
            { title: 'Django settings: DEBUG', url: 'https://docs.djangoproject.com/en/stable/ref/settings/#debug' },
            {
                title: 'Deployment checklist',
                url: 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug',
            },
            { title: 'System check security.W018', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

/** Findings about the input itself: the scan keeps going and says what it could not read. */
const fileSkipped = {
    kind: 'engine',
    id: 'file-skipped',
    level: 'note',
    summary: 'A file could not be read as Python source and was skipped or read with losses',
    djangoChecks: [],
    securitySeverity: 0,
    tags: ['scan'],
    docs: {
        what: 'Reports files the scan could not read as they are: binary files (NUL bytes), files over the size limit, text that is not valid in its declared encoding, symbolic links that lead outside the repository, and unreadable files.',
        why: 'A gate that silently skips a file can pass code it never saw. Each skipped file is reported, so a "passed" always means every file was read.',
        example: `# config/settings/vendor_blob.py: 40 MB of generated data`,
        useInstead: `# .django-security.yml
exclude:
  - config/settings/vendor_blob.py`,
        notes: [
            'Files over the limit (2 MiB by default) and binary files are skipped; undecodable bytes are replaced and the file is still checked.',
        ],
        references: [{ title: 'PEP 263: source code encodings', url: 'https://peps.python.org/pep-0263/' }],
    },
};
const pythonSyntaxError = {
    kind: 'engine',
    id: 'python-syntax-error',
    level: 'note',
    summary: 'A Python file has a syntax error; checks near it may be incomplete',
    djangoChecks: [],
    securitySeverity: 0,
    tags: ['scan'],
    docs: {
        what: 'Reports the first syntax error in a file the scan parsed (settings modules, and files a code rule had to read).',
        why: 'The parser recovers from errors and the rest of the file is still checked, but statements next to the error may be misread. A settings file with a syntax error also means the deployment itself would fail to start.',
        example: `DEBUG = False
ALLOWED_HOSTS = ["example.com"`,
        useInstead: `DEBUG = False
ALLOWED_HOSTS = ["example.com"]`,
        references: [{ title: 'py_compile', url: 'https://docs.python.org/3/library/py_compile.html' }],
    },
};
const settingsIncomplete = {
    kind: 'engine',
    id: 'settings-incomplete',
    level: 'note',
    summary: 'Part of the settings could not be followed, so some settings are unknown',
    djangoChecks: [],
    securitySeverity: 0,
    tags: ['scan', 'settings'],
    docs: {
        what: 'Reports where the settings model had to stop following the settings: an import of a project module that is not in the repository (outside `try`), or a statement that raises whatever the environment.',
        why: 'Settings the model cannot see are treated as unknown, and unknown values produce no findings. This note says where that happened, so a clean result is not mistaken for a checked one.',
        example: `from .secrets import *  # secrets.py is git-ignored and not in the repository`,
        useInstead: `try:
    from .secrets import *  # optional: production reads the environment instead
except ImportError:
    pass`,
        notes: [
            'A `try: from .local import * / except ImportError` around a git-ignored module is understood as optional and is not reported.',
        ],
        references: [{ title: 'Splitting settings', url: 'https://code.djangoproject.com/wiki/SplitSettings' }],
    },
};
const djangoCheck = {
    kind: 'engine',
    id: 'django-check',
    level: 'warning',
    summary: "A message from Django's `check --deploy` that no static rule covers",
    djangoChecks: [],
    securitySeverity: 4.0,
    tags: ['security', 'deploy-check'],
    docs: {
        what: "Carries a message printed by `manage.py check --deploy` that none of the static rules corresponds to, with Django's check ID in `djangoCheck`.",
        why: "Django's checks know things a static reading cannot, such as third-party apps' own checks. Keeping every message means the gate never claims less than Django does.",
        example: `?: (security.E102) The CSRF failure view 'myapp.views.csrf_failure' could not be imported.`,
        useInstead: `CSRF_FAILURE_VIEW = "myapp.views.csrf_failure"  # a view that exists and takes (request, reason="")`,
        notes: [
            'Produced only when the deploy check runs (the `deploy-check` input, or the CLI without `--no-deploy-check`).',
        ],
        references: [{ title: 'System check framework', url: 'https://docs.djangoproject.com/en/stable/ref/checks/' }],
    },
};
const deployCheckFailed = {
    kind: 'engine',
    id: 'deploy-check-failed',
    level: 'error',
    summary: '`manage.py check --deploy` could not run',
    djangoChecks: [],
    securitySeverity: 5.0,
    tags: ['deploy-check'],
    docs: {
        what: 'Reports that `manage.py check --deploy` could not run: Django is not installed for the interpreter, the settings raise on import (a missing environment variable, a missing module), or the command timed out. The finding carries the error line and says what to provide.',
        why: 'A check that could not run has not passed. Treating it as a pass is how insecure settings reach production unnoticed.',
        example: `django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.`,
        useInstead: `# pass the production environment to the check
- uses: django-security-gate/django-security-gate@v1
  with:
    env: |
      DJANGO_SECRET_KEY=\${{ secrets.CHECK_SECRET_KEY }}`,
        references: [
            {
                title: 'check --deploy',
                url: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-check-deploy',
            },
        ],
    },
};

/** Feature releases the rules know, oldest first; an unknown project is judged as the newest. */
const KNOWN_SERIES = [
    [3, 2],
    [4, 0],
    [4, 1],
    [4, 2],
    [5, 0],
    [5, 1],
    [5, 2],
    [6, 0],
    [6, 1],
];
const NEWEST = KNOWN_SERIES[KNOWN_SERIES.length - 1];
function newestDjango(source = 'newest; no version in the project files') {
    return { major: NEWEST[0], minor: NEWEST[1], source };
}
/** Whether the target is at least `major.minor`. */
function atLeast(target, major, minor) {
    return target.major > major || (target.major === major && target.minor >= minor);
}
function seriesLabel(target) {
    return `${target.major}.${target.minor}`;
}
function parseVersion(text) {
    const match = /^(\d+)(?:\.(\d+|\*))?/.exec(text.trim());
    if (!match)
        return undefined;
    return [Number(match[1]), match[2] === undefined || match[2] === '*' ? 0 : Number(match[2])];
}
const compare = (a, b) => a[0] - b[0] || a[1] - b[1];
/**
 * The newest known series a PEP 440 / Poetry specifier allows: `==4.2.*` and `~=4.2.0` pin 4.2, `>=4.2,<5`
 * gives 4.2, `^4.2` gives 4.2, a bare `>=4.2` the newest release.
 */
function seriesFromSpecifier(specifier, known = KNOWN_SERIES) {
    let lower;
    let upper;
    for (const raw of specifier.split(',')) {
        const clause = raw.trim().replace(/\s+/g, '');
        if (!clause || clause === '*')
            continue;
        const match = /^(===|==|~=|>=|<=|!=|>|<|\^|~)?(.+)$/.exec(clause);
        if (!match)
            continue;
        const operator = match[1] ?? '==';
        const version = parseVersion(match[2]);
        if (!version)
            continue;
        switch (operator) {
            case '==':
            case '===':
                return version;
            case '~=': {
                const parts = match[2].split('.');
                if (parts.length >= 3)
                    return version;
                lower = version;
                upper = { version: [version[0] + 1, 0], inclusive: false };
                break;
            }
            case '^':
                lower = version;
                upper = { version: [version[0] + 1, 0], inclusive: false };
                break;
            case '~':
                return version;
            case '>=':
            case '>':
                lower = version;
                break;
            case '<':
                upper = { version, inclusive: false };
                break;
            case '<=':
                upper = { version, inclusive: true };
                break;
        }
    }
    const allowed = known.filter((series) => (!lower || compare(series, lower) >= 0) &&
        (!upper || (upper.inclusive ? compare(series, upper.version) <= 0 : compare(series, upper.version) < 0)));
    if (allowed.length > 0)
        return allowed[allowed.length - 1];
    return lower;
}
function escapeName(name) {
    // PEP 503: "-", "_" and "." are interchangeable in package names.
    return name.replace(/[-_.]/g, '[-_.]');
}
/** Where each kind of file names a package's version: exact in lock files, a specifier elsewhere. */
const FINDERS = [
    {
        files: ['poetry.lock', 'uv.lock', 'pdm.lock'],
        find: (text, name) => new RegExp(`\\[\\[package\\]\\]\\s*\\nname\\s*=\\s*"${escapeName(name)}"\\s*\\nversion\\s*=\\s*"([^"]+)"`, 'i').exec(text)?.[1],
    },
    {
        files: ['Pipfile.lock'],
        find: (text, name) => {
            try {
                const lock = JSON.parse(text);
                const pattern = new RegExp(`^${escapeName(name)}$`, 'i');
                return Object.entries(lock.default ?? {}).find(([key]) => pattern.test(key))?.[1].version;
            }
            catch {
                return undefined;
            }
        },
    },
    {
        files: [
            'requirements.txt',
            'requirements/production.txt',
            'requirements/prod.txt',
            'requirements/base.txt',
            'requirements.in',
            'requirements/base.in',
        ],
        find: (text, name) => {
            const match = new RegExp(`^\\s*${escapeName(name)}\\s*(\\[[^\\]]*\\])?\\s*([=~<>!][^;#\\s]*(?:\\s*,\\s*[=~<>!][^;#\\s]*)*)?\\s*(?:[;#].*)?$`, 'im').exec(text);
            return match ? (match[2] ?? '') : undefined;
        },
    },
    {
        files: ['pyproject.toml'],
        find: (text, name) => {
            const listed = new RegExp(`["']${escapeName(name)}\\s*(\\[[^\\]]*\\])?\\s*([=~<>!][^"';]*)?["']`, 'i').exec(text);
            if (listed)
                return listed[2] ?? '';
            const poetry = new RegExp(`^\\s*${escapeName(name)}\\s*=\\s*(?:"([^"]+)"|\\{[^}]*version\\s*=\\s*"([^"]+)")`, 'im').exec(text);
            return poetry ? (poetry[1] ?? poetry[2]) : undefined;
        },
    },
    {
        files: ['Pipfile'],
        find: (text, name) => new RegExp(`^\\s*["']?${escapeName(name)}["']?\\s*=\\s*"([^"]+)"`, 'im').exec(text)?.[1],
    },
    {
        files: ['setup.cfg', 'setup.py'],
        find: (text, name) => new RegExp(`["'\\s]${escapeName(name)}\\s*([=~<>!][^"',;\\n]*)`, 'i').exec(text)?.[1],
    },
];
/** The first project or repository file that lists `name`, with what it says about the version. */
function findPackageSpecifier(folders, name, repoRoot) {
    for (const folder of [...new Set(folders)]) {
        for (const finder of FINDERS) {
            for (const fileName of finder.files) {
                const file = join$1(folder, fileName);
                if (!existsSync(file))
                    continue;
                let text;
                try {
                    text = readFileSync(file, 'utf8');
                }
                catch {
                    continue;
                }
                const specifier = finder.find(text, name);
                if (specifier !== undefined) {
                    return { specifier: specifier.trim(), file: repoRoot ? relative(repoRoot, file) || fileName : fileName };
                }
            }
        }
    }
    return undefined;
}
/**
 * The Django version a project targets: the config file's `django-version`, else the first project or
 * repository file that names it, else the newest release.
 */
function detectDjangoVersion(folders, configured, repoRoot) {
    if (configured) {
        const version = parseVersion(configured);
        if (version)
            return { major: version[0], minor: version[1], source: 'the config file' };
    }
    const found = findPackageSpecifier(folders, 'django', repoRoot);
    const version = found?.specifier ? seriesFromSpecifier(found.specifier) : undefined;
    return version ? { major: version[0], minor: version[1], source: found.file } : newestDjango();
}

function performRead(request, environment) {
    const { variable, fallback, span } = request;
    if (variable.kind !== 'str') {
        return { state: 'unknown', value: unknown('an environment variable whose name is not known', span, variable.env) };
    }
    const name = variable.value;
    const given = environment.lookup(name);
    if (given !== undefined) {
        return { state: 'given', text: given, read: { variable: name, state: 'given', given } };
    }
    if (environment.isGuarded(name) || (fallback === undefined && request.requiredWithoutDefault)) {
        const read = { variable: name, state: 'required' };
        return { state: 'required', value: unknown(`read from ${name}, which production must set`, span, [read]), read };
    }
    if (fallback === undefined) {
        const read = { variable: name, state: 'unset' };
        return { state: 'unset', value: make('none', {}, span, [read]), read };
    }
    const read = { variable: name, state: 'default', defaultSpan: fallback.span };
    return { state: 'default', value: withProvenance(fallback, fallback.span, [read]), read };
}
const ENVIRON_TRUE = new Set(['true', 'on', 'ok', 'y', 'yes', '1']);
const DECOUPLE_BOOLEANS = {
    '1': true,
    yes: true,
    true: true,
    on: true,
    '0': false,
    no: false,
    false: false,
    off: false,
    '': false,
};
const HELPER_TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 't']);
function pythonInt(text) {
    const clean = text.trim().replace(/_/g, '');
    return /^[-+]?\d+$/.test(clean) ? Number(clean) : undefined;
}
/** django-environ's parsing of a raw string for the typed readers (`env.bool`, `env.list`, schemes). */
function parseEnvironString(text, cast, span, env) {
    switch (cast) {
        case 'bool': {
            const asInt = pythonInt(text);
            const value = asInt !== undefined ? asInt !== 0 : ENVIRON_TRUE.has(text.trim().toLowerCase());
            return make('bool', { value }, span, env);
        }
        case 'int': {
            const asInt = pythonInt(text);
            return asInt === undefined
                ? unknown(`"${text}" is not an integer`, span, env)
                : make('int', { value: asInt }, span, env);
        }
        case 'float': {
            const value = Number(text);
            return Number.isNaN(value)
                ? unknown(`"${text}" is not a number`, span, env)
                : make('float', { value }, span, env);
        }
        case 'list':
        case 'tuple': {
            const items = text
                .split(',')
                .filter((item) => item.length > 0)
                .map((item) => make('str', { value: item }, span, env));
            return make(cast, { items }, span, env);
        }
        case 'json':
        case 'opaque':
            return unknown('a structured value parsed from the environment', span, env);
        default:
            return make('str', { value: text }, span, env);
    }
}
/** python-decouple's casts, which apply to defaults as well as to given values. */
function castDecouple(value, cast, span) {
    if (!cast)
        return value;
    const env = value.env;
    if (cast.kind === 'object' && cast.object.type === 'csv-cast') {
        if (value.kind !== 'str')
            return unknown('a Csv() cast of a non-string', span, env);
        const { delimiter, strip } = cast.object;
        const items = value.value
            .split(delimiter)
            .map((item) => (strip ? item.trim() : item))
            .filter((item) => item.length > 0)
            .map((item) => make('str', { value: item }, span, env));
        return make('list', { items }, span, env);
    }
    if (cast.kind === 'object' && cast.object.type === 'callable') {
        const text = stringForm(value);
        switch (cast.object.name) {
            case 'bool': {
                if (value.kind === 'bool')
                    return value;
                if (text === undefined)
                    return unknown('a bool cast of an unknown value', span, env);
                const parsed = DECOUPLE_BOOLEANS[text.toLowerCase()];
                return parsed === undefined
                    ? unknown(`"${text}" is not a boolean python-decouple accepts (it would raise)`, span, env)
                    : make('bool', { value: parsed }, span, env);
            }
            case 'int': {
                if (value.kind === 'int')
                    return value;
                const parsed = text === undefined ? undefined : pythonInt(text);
                return parsed === undefined ? unknown('an int cast', span, env) : make('int', { value: parsed }, span, env);
            }
            case 'str':
                return text === undefined ? unknown('a str cast', span, env) : make('str', { value: text }, span, env);
            default:
                return unknown(`a ${cast.object.name} cast`, span, env);
        }
    }
    return unknown('a custom cast', span, env);
}
/** The hand-written `str2bool`-style helpers: common true spellings, everything else false. */
function helperBool(value, span) {
    if (value.kind === 'bool')
        return value;
    if (value.kind === 'str')
        return make('bool', { value: HELPER_TRUE.has(value.value.trim().toLowerCase()) }, span, value.env);
    if (value.kind === 'none')
        return make('bool', { value: false }, span, value.env);
    if (value.kind === 'int' || value.kind === 'float')
        return make('bool', { value: value.value !== 0 }, span, value.env);
    return unknown('a boolean helper applied to an unknown value', span, value.env);
}
function castOfScheme(spec) {
    if (spec.kind === 'tuple' && spec.items.length >= 1) {
        return { cast: castNameOf(spec.items[0]), default: spec.items[1] };
    }
    return { cast: castNameOf(spec) };
}
function castNameOf(value) {
    if (value.kind === 'object' && value.object.type === 'callable') {
        const name = value.object.name;
        if (name === 'bool' ||
            name === 'int' ||
            name === 'float' ||
            name === 'str' ||
            name === 'list' ||
            name === 'tuple') {
            return name;
        }
        return 'opaque';
    }
    if (value.kind === 'list')
        return 'list';
    if (value.kind === 'tuple')
        return 'tuple';
    return undefined;
}
/** django-environ's "smart cast": without a cast, a given value takes the type of the default. */
function smartCast(fallback) {
    switch (fallback?.kind) {
        case 'bool':
            return 'bool';
        case 'int':
            return 'int';
        case 'float':
            return 'float';
        case 'list':
            return 'list';
        case 'tuple':
            return 'tuple';
        default:
            return undefined;
    }
}

/**
 * The library objects settings files use to read configuration, by module and attribute. Anything not
 * listed here is unknown to the model, which is the honest answer.
 */
const MODULE_ATTRIBUTES = {
    os: {
        environ: { type: 'os.environ' },
        getenv: { type: 'callable', name: 'os.getenv' },
        path: { type: 'module', name: 'os.path' },
    },
    environ: {
        Env: { type: 'callable', name: 'environ.Env' },
        FileAwareEnv: { type: 'callable', name: 'environ.Env' },
    },
    environs: {
        Env: { type: 'callable', name: 'environs.Env' },
    },
    decouple: {
        config: { type: 'callable', name: 'decouple.config' },
        Csv: { type: 'callable', name: 'decouple.Csv' },
        AutoConfig: { type: 'callable', name: 'decouple.AutoConfig' },
    },
    'django.core.management.utils': {
        get_random_secret_key: { type: 'callable', name: 'get_random_secret_key' },
    },
    'distutils.util': {
        strtobool: { type: 'callable', name: 'strtobool' },
    },
    'setuptools._distutils.util': {
        strtobool: { type: 'callable', name: 'strtobool' },
    },
    'split_settings.tools': {
        include: { type: 'callable', name: 'split_settings.include' },
        optional: { type: 'callable', name: 'split_settings.optional' },
    },
    configurations: {
        Configuration: { type: 'callable', name: 'configurations.Configuration' },
    },
    dj_database_url: {
        config: { type: 'callable', name: 'dj_database_url.config' },
        parse: { type: 'callable', name: 'dj_database_url.parse' },
    },
    'django.utils.csp': {
        CSP: { type: 'callable', name: 'django.utils.csp.CSP' },
    },
};
const OS_ENVIRON_METHODS = {
    get: 'os.environ.get',
    setdefault: 'os.environ.setdefault',
};
const CALLABLE_ATTRIBUTES = {
    'environ.Env': { read_env: { type: 'callable', name: 'noop' } },
};
/** String constants read as attributes of a known class: Django 6's `CSP` is a StrEnum, so `CSP.SELF == "'self'"`. */
const STRING_ATTRIBUTES = {
    'django.utils.csp.CSP': {
        HEADER_ENFORCE: 'Content-Security-Policy',
        HEADER_REPORT_ONLY: 'Content-Security-Policy-Report-Only',
        NONE: "'none'",
        REPORT_SAMPLE: "'report-sample'",
        SELF: "'self'",
        STRICT_DYNAMIC: "'strict-dynamic'",
        UNSAFE_EVAL: "'unsafe-eval'",
        UNSAFE_HASHES: "'unsafe-hashes'",
        UNSAFE_INLINE: "'unsafe-inline'",
        WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
        NONCE: '<CSP_NONCE_SENTINEL>',
    },
};
function knownImport(module, name, span) {
    const object = MODULE_ATTRIBUTES[module]?.[name];
    if (object)
        return make('object', { object }, span);
    const submodule = `${module}.${name}`;
    if (MODULE_ATTRIBUTES[submodule])
        return make('object', { object: { type: 'module', name: submodule } }, span);
    return undefined;
}
function knownModuleAttribute(object, attribute, span) {
    if (object.type === 'module')
        return knownImport(object.name, attribute, span);
    if (object.type === 'os.environ') {
        const method = OS_ENVIRON_METHODS[attribute];
        return method ? make('object', { object: { type: 'callable', name: method } }, span) : undefined;
    }
    if (object.type === 'callable') {
        const constant = STRING_ATTRIBUTES[object.name]?.[attribute];
        if (constant !== undefined)
            return make('str', { value: constant }, span);
        const found = CALLABLE_ATTRIBUTES[object.name]?.[attribute];
        return found ? make('object', { object: found }, span) : undefined;
    }
    return undefined;
}

/** Decoding of Python literal tokens as tree-sitter hands them over. */
function parseIntegerLiteral(text) {
    const clean = text.replace(/_/g, '').toLowerCase();
    if (/[lj]$/.test(clean))
        return undefined;
    if (/^0x[0-9a-f]+$/.test(clean))
        return parseInt(clean.slice(2), 16);
    if (/^0o[0-7]+$/.test(clean))
        return parseInt(clean.slice(2), 8);
    if (/^0b[01]+$/.test(clean))
        return parseInt(clean.slice(2), 2);
    if (/^\d+$/.test(clean))
        return Number(clean);
    return undefined;
}
function parseFloatLiteral(text) {
    const clean = text.replace(/_/g, '');
    if (/j$/i.test(clean))
        return undefined;
    const value = Number(clean);
    return Number.isNaN(value) ? undefined : value;
}
const SIMPLE_ESCAPES = {
    '\n': '',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
};
/** The value of one escape sequence such as `\n`, `\x41`, `\u00e9`; undefined for `\N{...}` names. */
function decodeEscape(sequence) {
    const body = sequence.slice(1);
    if (body in SIMPLE_ESCAPES)
        return SIMPLE_ESCAPES[body];
    if (/^[0-7]{1,3}$/.test(body))
        return String.fromCodePoint(parseInt(body, 8));
    if (/^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/.test(body)) {
        return String.fromCodePoint(parseInt(body.slice(1), 16));
    }
    if (body.startsWith('N{'))
        return undefined;
    return sequence;
}

/** Raised when a guard in the settings refuses to run with an unset variable: rerun with it required. */
class GuardedVariables extends Error {
    variables;
    constructor(variables) {
        super(`settings refuse to run without ${variables.join(', ')}`);
        this.variables = variables;
    }
}
const NORMAL = { kind: 'normal' };
const BOOL_HELPER_NAME = /(^|_)(str_?2_?bool|str_?to_?bool|strtobool|to_?bool|as_?bool|parse_?bool|env_?bool|get_?bool|bool_?env|bool_?from_?\w*|is_?true|truthy|boolify|getbool|booleanize)$/i;
const MAX_CALL_DEPTH = 8;
const MAX_UNROLL = 200;
const EXCEPTIONS_CATCHING_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
/** Bound when a star import brings names the model cannot see, so unassigned settings become unknown. */
const OPAQUE_NAMES = '*';
const RANDOM_SECRET = 'a random value generated each time the settings are imported';
function cloneScope(scope) {
    return new Map(scope);
}
function replaceScope(target, source) {
    target.clear();
    for (const [name, binding] of source)
        target.set(name, binding);
}
function isPublic(name) {
    return !name.startsWith('_');
}
/**
 * An abstract interpreter for settings modules: it runs the statements in order, follows star imports of
 * project modules, evaluates expressions with Python's semantics where values are known, and reads the
 * environment as production would (given values, else defaults), keeping where each value came from.
 */
class SettingsInterpreter {
    host;
    moduleScopes = new Map();
    importing = new Set();
    diagnostics = [];
    /** Every module file the settings pulled in, in the order first executed. */
    modulesRun = [];
    /** For each module, the project modules it star-imported, in order. */
    starImports = new Map();
    /** Modules that assign at least one setting (an upper-case name) themselves. */
    modulesAssigningSettings = new Set();
    constructor(host) {
        this.host = host;
    }
    note(span, message, fix) {
        if (!this.diagnostics.some((d) => d.message === message && describeSpan(d.span) === describeSpan(span))) {
            this.diagnostics.push({ span, message, fix });
        }
    }
    async runModule(absPath) {
        const cached = this.moduleScopes.get(absPath);
        if (cached)
            return cached;
        if (this.importing.has(absPath))
            return undefined;
        const source = await this.host.store.parse(absPath);
        if (!source) {
            // The store already reported why the file could not be read; what it sets is unknown, not empty.
            const span = fileStartSpan(this.host.store.repoPath(absPath));
            const opaque = new Map([
                [OPAQUE_NAMES, { value: unknown('the settings of an unreadable file', span), assignedAt: span }],
            ]);
            this.moduleScopes.set(absPath, opaque);
            return opaque;
        }
        this.importing.add(absPath);
        this.modulesRun.push(absPath);
        const scope = new Map();
        const frame = { scope, file: source.file, absPath, pathEnv: [], importsMayFail: false, depth: 0 };
        try {
            const flow = await this.runBlock(source.tree.rootNode.namedChildren, frame);
            if (flow.kind === 'raise')
                this.onUncaughtRaise(flow, source.file);
        }
        finally {
            this.importing.delete(absPath);
        }
        this.moduleScopes.set(absPath, scope);
        return scope;
    }
    onUncaughtRaise(flow, file) {
        const guardable = flow.env.filter((read) => read.state === 'default' || read.state === 'unset');
        if (guardable.length > 0)
            throw new GuardedVariables(guardable.map((read) => read.variable));
        this.note(flow.span, `${file} raises ${flow.exception} at line ${flow.span.line} whatever the environment; settings after it were not read.`, 'Make sure the settings module imports cleanly in production.');
    }
    // ---------------------------------------------------------------- statements
    async runBlock(statements, frame) {
        for (const statement of statements) {
            if (!statement)
                continue;
            const flow = await this.runStatement(statement, frame);
            if (flow.kind === 'raise' && flow.importError && !frame.importsMayFail) {
                this.note(flow.span, `${frame.file} imports a project module that is not in the repository (line ${flow.span.line}); its settings are unknown.`, 'Commit the module, or pass --settings with the module production uses.');
                frame.scope.set(OPAQUE_NAMES, {
                    value: unknown('names from a missing module', flow.span),
                    assignedAt: flow.span,
                });
                continue;
            }
            if (flow.kind !== 'normal')
                return flow;
        }
        return NORMAL;
    }
    async runStatement(node, frame) {
        switch (node.type) {
            case 'expression_statement':
                for (const child of node.namedChildren) {
                    if (!child)
                        continue;
                    if (child.type === 'call' && (await this.runSpecialCall(child, frame)))
                        continue;
                    this.runExpressionStatement(child, frame, node);
                }
                return NORMAL;
            case 'import_statement':
            case 'import_from_statement':
            case 'future_import_statement':
                return this.runImport(node, frame);
            case 'if_statement':
                return this.runIf(node, frame);
            case 'try_statement':
                return this.runTry(node, frame);
            case 'with_statement':
                return this.runBlock(node.childForFieldName('body')?.namedChildren ?? [], frame);
            case 'for_statement':
                return this.runFor(node, frame);
            case 'while_statement':
                return this.runMaybe(node.childForFieldName('body')?.namedChildren ?? [], frame, 'a while loop');
            case 'function_definition':
                this.defineFunction(node, frame);
                return NORMAL;
            case 'decorated_definition': {
                const definition = node.childForFieldName('definition');
                if (definition?.type === 'function_definition')
                    this.defineFunction(definition, frame);
                else if (definition)
                    this.bindUnknownDefinition(definition, frame);
                return NORMAL;
            }
            case 'class_definition':
                this.bindUnknownDefinition(node, frame);
                if (/\bConfiguration\b/.test(node.childForFieldName('superclasses')?.text ?? '')) {
                    this.makeOpaque(frame, spanOf(node, frame.file), `${frame.file} defines its settings in a django-configurations class (line ${node.startPosition.row + 1}), which this version does not evaluate; settings are treated as unknown.`);
                }
                return NORMAL;
            case 'assert_statement': {
                const condition = node.namedChildren[0];
                const test = condition ? this.evaluate(condition, frame) : undefined;
                if (test && truthy(test) === false) {
                    return {
                        kind: 'raise',
                        span: spanOf(node, frame.file),
                        exception: 'AssertionError',
                        env: mergeEnv(frame.pathEnv, test.env),
                    };
                }
                return NORMAL;
            }
            case 'raise_statement':
                return {
                    kind: 'raise',
                    span: spanOf(node, frame.file),
                    exception: this.exceptionName(node),
                    env: frame.pathEnv,
                };
            case 'return_statement': {
                const expression = node.namedChildren[0];
                return {
                    kind: 'return',
                    value: expression ? this.evaluate(expression, frame) : make('none', {}, spanOf(node, frame.file)),
                };
            }
            case 'delete_statement':
                for (const target of node.namedChildren) {
                    const names = target?.type === 'expression_list' ? target.namedChildren : [target];
                    for (const name of names)
                        if (name?.type === 'identifier')
                            frame.scope.delete(name.text);
                }
                return NORMAL;
            default:
                return NORMAL;
        }
    }
    /** From here on, any setting may have been set by something the model cannot follow. */
    makeOpaque(frame, span, message) {
        frame.scope.set(OPAQUE_NAMES, { value: unknown('names set dynamically', span), assignedAt: span });
        this.note(span, message, 'Pass --settings with a plain settings module, or accept that these settings are not checked.');
    }
    /**
     * Calls that change the namespace itself: django-split-settings' include(), which runs other files in
     * this namespace, and globals().update()/exec()/setattr(), which the model cannot follow.
     */
    async runSpecialCall(call, frame) {
        const calleeNode = call.childForFieldName('function');
        if (!calleeNode)
            return false;
        const callee = this.evaluate(calleeNode, frame);
        if (callee.kind === 'object' &&
            callee.object.type === 'callable' &&
            callee.object.name === 'split_settings.include') {
            await this.runInclude(call, frame);
            return true;
        }
        if (/^(globals\(\)|vars\(\)|locals\(\))\.update$|^(exec|setattr)$/.test(calleeNode.text)) {
            this.makeOpaque(frame, spanOf(call, frame.file), `${frame.file} sets settings dynamically with ${calleeNode.text}() at line ${call.startPosition.row + 1}; the settings after it are treated as unknown.`);
            return true;
        }
        return false;
    }
    async runInclude(call, frame) {
        const folder = dirname(frame.absPath);
        for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
            if (!argument || argument.type === 'keyword_argument' || argument.type === 'comment')
                continue;
            let optional = false;
            let pathNode = argument;
            if (argument.type === 'call') {
                const inner = this.evaluate(argument.childForFieldName('function'), frame);
                if (inner.kind === 'object' &&
                    inner.object.type === 'callable' &&
                    inner.object.name === 'split_settings.optional') {
                    optional = true;
                    pathNode = argument.childForFieldName('arguments')?.namedChildren[0] ?? null;
                }
            }
            const pattern = pathNode ? this.evaluate(pathNode, frame) : undefined;
            const span = spanOf(argument, frame.file);
            if (pattern?.kind !== 'str') {
                this.makeOpaque(frame, span, `${frame.file} includes a settings file whose name is not known (line ${span.line}); settings after it are treated as unknown.`);
                continue;
            }
            const files = expandGlob(folder, pattern.value).filter((file) => this.host.resolver.shipped(file));
            if (files.length === 0 && !optional) {
                this.note(span, `${frame.file} includes ${pattern.value}, which is not in the repository (line ${span.line}).`, 'Commit the file or wrap it in optional().');
                frame.scope.set(OPAQUE_NAMES, { value: unknown('names from a missing include', span), assignedAt: span });
            }
            for (const file of files) {
                const source = await this.host.store.parse(file);
                if (!source || this.importing.has(file))
                    continue;
                this.importing.add(file);
                this.modulesRun.push(file);
                try {
                    const included = { ...frame, file: source.file, absPath: file };
                    const flow = await this.runBlock(source.tree.rootNode.namedChildren, included);
                    if (flow.kind === 'raise')
                        this.onUncaughtRaise(flow, source.file);
                }
                finally {
                    this.importing.delete(file);
                }
            }
        }
    }
    exceptionName(node) {
        const raised = node.namedChildren[0];
        if (!raised)
            return 'an exception';
        const callee = raised.type === 'call' ? raised.childForFieldName('function') : raised;
        return callee?.text ?? 'an exception';
    }
    bindUnknownDefinition(node, frame) {
        const name = node.childForFieldName('name');
        if (name) {
            const span = spanOf(node, frame.file);
            frame.scope.set(name.text, {
                value: unknown(`the ${node.type.replace('_definition', '')} ${name.text}`, span),
                assignedAt: span,
            });
        }
    }
    defineFunction(node, frame) {
        const name = node.childForFieldName('name');
        if (!name)
            return;
        const span = spanOf(node, frame.file);
        const definition = {
            node,
            file: frame.file,
            absPath: frame.absPath,
            globals: frame.globals ?? frame.scope,
        };
        frame.scope.set(name.text, {
            value: make('object', { object: { type: 'function', name: name.text, definition, module: frame.file } }, span),
            assignedAt: span,
        });
    }
    runExpressionStatement(node, frame, statement) {
        switch (node.type) {
            case 'assignment':
                this.runAssignment(node, frame, statement);
                return;
            case 'augmented_assignment':
                this.runAugmentedAssignment(node, frame, statement);
                return;
            case 'call':
                this.runMutatingCall(node, frame, statement);
                return;
            default:
                return;
        }
    }
    runAssignment(node, frame, statement) {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        if (!left)
            return;
        if (!right)
            return; // an annotation without a value binds nothing
        let value;
        if (right.type === 'assignment') {
            this.runAssignment(right, frame, statement);
            const innermost = this.innermostValue(right);
            value = innermost ? this.evaluate(innermost, frame) : unknown('a chained assignment', spanOf(right, frame.file));
        }
        else {
            value = this.evaluate(right, frame);
        }
        this.assignTarget(left, value, frame, spanOf(statement, frame.file));
    }
    innermostValue(node) {
        const right = node.childForFieldName('right');
        return right?.type === 'assignment' ? this.innermostValue(right) : right;
    }
    assignTarget(target, value, frame, statementSpan) {
        switch (target.type) {
            case 'identifier':
                if (frame.depth === 0 && /^[A-Z][A-Z0-9_]*$/.test(target.text))
                    this.modulesAssigningSettings.add(frame.absPath);
                // A value assigned in a branch the environment chose holds only under that environment.
                frame.scope.set(target.text, {
                    value: frame.pathEnv.length > 0 && frame.depth === 0
                        ? { ...value, conditions: mergeEnv(value.conditions ?? [], frame.pathEnv) }
                        : value,
                    assignedAt: statementSpan,
                });
                return;
            case 'pattern_list':
            case 'tuple_pattern':
            case 'list_pattern':
            case 'expression_list':
            case 'tuple':
            case 'list': {
                const targets = target.namedChildren.filter((child) => child !== null);
                const items = value.kind === 'list' || value.kind === 'tuple' ? value.items : undefined;
                targets.forEach((child, index) => {
                    const item = items && items.length === targets.length
                        ? items[index]
                        : unknown('one part of an unpacked value', value.span, value.env);
                    this.assignTarget(child, item, frame, statementSpan);
                });
                return;
            }
            case 'subscript':
                this.assignSubscript(target, value, frame);
                return;
            default:
                return;
        }
    }
    /** `DATABASES["default"]["PASSWORD"] = ...`: rebuild the nested dict with the new entry. */
    assignSubscript(target, value, frame) {
        const keys = [];
        let cursor = target;
        while (cursor?.type === 'subscript') {
            const key = cursor.childForFieldName('subscript');
            if (!key)
                return;
            keys.unshift(this.evaluate(key, frame));
            cursor = cursor.childForFieldName('value');
        }
        if (cursor?.type !== 'identifier')
            return;
        const binding = this.lookup(cursor.text, frame);
        if (!binding)
            return;
        const updated = this.setPath(binding.value, keys, value);
        frame.scope.set(cursor.text, { value: updated, assignedAt: binding.assignedAt });
    }
    setPath(container, keys, value) {
        const [key, ...rest] = keys;
        if (!key)
            return value;
        if (container.kind === 'dict') {
            const index = container.entries.findIndex(([k]) => pyEquals(k, key) === true);
            const current = index >= 0 ? container.entries[index][1] : undefined;
            const next = rest.length === 0 ? value : current ? this.setPath(current, rest, value) : value;
            const entries = [...container.entries];
            if (index >= 0)
                entries[index] = [container.entries[index][0], next];
            else
                entries.push([key, next]);
            return { ...container, entries };
        }
        if ((container.kind === 'list' || container.kind === 'tuple') && key.kind === 'int') {
            const items = [...container.items];
            const index = key.value < 0 ? items.length + key.value : key.value;
            if (index < 0 || index >= items.length)
                return container;
            items[index] = rest.length === 0 ? value : this.setPath(items[index], rest, value);
            return { ...container, items };
        }
        return unknown('a container changed in place', container.span, container.env);
    }
    runAugmentedAssignment(node, frame, statement) {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.type.replace('=', '');
        if (!left || !right || !operator)
            return;
        const current = this.evaluate(left, frame);
        const operand = this.evaluate(right, frame);
        const result = this.binary(operator, current, operand, spanOf(right, frame.file), true);
        this.assignTarget(left, result, frame, spanOf(statement, frame.file));
    }
    /** List mutations written as statements: `MIDDLEWARE.insert(0, ...)`, `INSTALLED_APPS += ...`'s cousins. */
    runMutatingCall(node, frame, statement) {
        const callee = node.childForFieldName('function');
        if (callee?.type === 'attribute') {
            const receiver = callee.childForFieldName('object');
            const method = callee.childForFieldName('attribute')?.text;
            if (receiver?.type === 'identifier' && method) {
                const binding = this.lookup(receiver.text, frame);
                if (binding &&
                    ['append', 'insert', 'extend', 'remove', 'update', 'setdefault', 'pop', 'clear'].includes(method)) {
                    const args = this.arguments(node, frame);
                    const updated = this.mutate(binding.value, method, args.positional, spanOf(node, frame.file));
                    if (updated) {
                        frame.scope.set(receiver.text, { value: updated, assignedAt: spanOf(statement, frame.file) });
                        return;
                    }
                }
            }
        }
        this.evaluate(node, frame);
    }
    mutate(container, method, args, span) {
        if (container.kind === 'list') {
            const items = [...container.items];
            switch (method) {
                case 'append':
                    if (args[0])
                        items.push(args[0]);
                    break;
                case 'insert': {
                    const at = args[0] ? asNumber(args[0]) : undefined;
                    if (at === undefined || !args[1])
                        return unknown('a list changed at an unknown position', span, container.env);
                    const index = at < 0 ? Math.max(0, items.length + at) : Math.min(at, items.length);
                    items.splice(index, 0, args[1]);
                    break;
                }
                case 'extend': {
                    const extra = args[0];
                    if (!extra || !(extra.kind === 'list' || extra.kind === 'tuple' || extra.kind === 'set')) {
                        return unknown('a list extended with unknown items', span, container.env);
                    }
                    items.push(...extra.items);
                    break;
                }
                case 'remove': {
                    const index = args[0] ? items.findIndex((item) => pyEquals(item, args[0]) === true) : -1;
                    if (index >= 0)
                        items.splice(index, 1);
                    else if (args[0] && items.some((item) => pyEquals(item, args[0]) === undefined)) {
                        return unknown('a list with an item removed', span, container.env);
                    }
                    break;
                }
                case 'clear':
                    items.length = 0;
                    break;
                case 'pop':
                    return unknown('a list after pop()', span, container.env);
                default:
                    return undefined;
            }
            return { ...container, items, env: mergeEnv(container.env, ...args.map((a) => a.env)) };
        }
        if (container.kind === 'dict') {
            if (method === 'update' && args[0]?.kind === 'dict') {
                let result = container;
                for (const [key, value] of args[0].entries)
                    result = this.setPath(result, [key], value);
                return result;
            }
            if (method === 'setdefault' && args[0]) {
                return dictGet(container, stringForm(args[0]) ?? '\0') !== undefined
                    ? container
                    : this.setPath(container, [args[0]], args[1] ?? make('none', {}, span));
            }
            if (method === 'clear')
                return { ...container, entries: [] };
            return unknown(`a dict after ${method}()`, span, container.env);
        }
        return undefined;
    }
    async runIf(node, frame) {
        const condition = node.childForFieldName('condition');
        const consequence = node.childForFieldName('consequence');
        const alternatives = node.childrenForFieldName('alternative').filter((c) => c !== null);
        return this.runConditional(condition, consequence, alternatives, frame);
    }
    async runConditional(condition, consequence, alternatives, frame) {
        const runRest = async (target) => {
            const [next, ...rest] = alternatives;
            if (!next)
                return NORMAL;
            if (next.type === 'else_clause')
                return this.runBlock(next.childForFieldName('body')?.namedChildren ?? [], target);
            return this.runConditional(next.childForFieldName('condition'), next.childForFieldName('consequence'), rest, target);
        };
        const test = condition
            ? this.evaluate(condition, frame)
            : unknown('a missing condition', spanOf(consequence, frame.file));
        const decided = truthy(test);
        const pathEnv = mergeEnv(frame.pathEnv, test.env);
        if (decided === true)
            return this.runBlock(consequence?.namedChildren ?? [], { ...frame, pathEnv });
        if (decided === false)
            return runRest({ ...frame, pathEnv });
        const thenFrame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
        const elseFrame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
        const thenFlow = await this.runBlock(consequence?.namedChildren ?? [], thenFrame);
        const elseFlow = await runRest(elseFrame);
        // A branch that raises cannot be how production runs, so only the other one is kept.
        if (thenFlow.kind === 'raise' && elseFlow.kind === 'raise')
            return thenFlow;
        if (thenFlow.kind === 'raise') {
            replaceScope(frame.scope, elseFrame.scope);
            return elseFlow;
        }
        if (elseFlow.kind === 'raise') {
            replaceScope(frame.scope, thenFrame.scope);
            return thenFlow;
        }
        this.mergeScopes(frame.scope, thenFrame.scope, elseFrame.scope, condition?.text ?? 'a condition');
        if (thenFlow.kind === 'return' && elseFlow.kind === 'return') {
            return { kind: 'return', value: this.either([thenFlow.value, elseFlow.value], condition?.text ?? '') };
        }
        return thenFlow.kind === 'return' || elseFlow.kind === 'return'
            ? {
                kind: 'return',
                value: unknown('a value returned on some paths only', spanOf(condition ?? consequence, frame.file)),
            }
            : NORMAL;
    }
    either(options, condition) {
        const first = options[0];
        if (options.every((option) => option === first))
            return first;
        return make('either', { options, condition }, first.span, mergeEnv(...options.map((o) => o.env)));
    }
    mergeScopes(target, a, b, condition) {
        const names = new Set([...a.keys(), ...b.keys()]);
        target.clear();
        for (const name of names) {
            const left = a.get(name);
            const right = b.get(name);
            if (left && right && left === right) {
                target.set(name, left);
                continue;
            }
            const anchor = (left ?? right);
            const missing = (binding) => binding?.value ?? unknown(`${name} left unassigned on one branch of "${condition}"`, anchor.assignedAt);
            target.set(name, {
                value: this.either([missing(left), missing(right)], condition),
                assignedAt: (right ?? left).assignedAt,
            });
        }
    }
    async runMaybe(body, frame, what) {
        const inner = { ...frame, scope: cloneScope(frame.scope) };
        const flow = await this.runBlock(body, inner);
        if (flow.kind === 'raise')
            return NORMAL;
        this.mergeScopes(frame.scope, inner.scope, cloneScope(frame.scope), what);
        return NORMAL;
    }
    async runFor(node, frame) {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const body = node.childForFieldName('body')?.namedChildren ?? [];
        const iterable = right ? this.evaluate(right, frame) : undefined;
        const items = iterable ? this.iterate(iterable) : undefined;
        if (!left || !items || items.length > MAX_UNROLL) {
            if (left)
                this.assignTarget(left, unknown('a loop variable', spanOf(left, frame.file)), frame, spanOf(left, frame.file));
            return this.runMaybe(body, frame, 'a for loop');
        }
        for (const item of items) {
            this.assignTarget(left, item, frame, spanOf(left, frame.file));
            const flow = await this.runBlock(body, frame);
            if (flow.kind !== 'normal')
                return flow;
        }
        return NORMAL;
    }
    async runTry(node, frame) {
        const body = node.childForFieldName('body')?.namedChildren ?? [];
        const handlers = node.namedChildren.filter((c) => c?.type === 'except_clause');
        const elseClause = node.namedChildren.find((c) => c?.type === 'else_clause');
        const finallyClause = node.namedChildren.find((c) => c?.type === 'finally_clause');
        const flow = await this.runBlock(body, { ...frame, importsMayFail: true });
        let result = flow;
        if (flow.kind === 'raise') {
            const handler = handlers.find((h) => this.handles(h, flow));
            if (handler) {
                const block = handler.namedChildren.find((c) => c?.type === 'block');
                result = await this.runBlock(block?.namedChildren ?? [], frame);
            }
        }
        else if (flow.kind === 'normal' && elseClause) {
            result = await this.runBlock(elseClause.childForFieldName('body')?.namedChildren ?? [], frame);
        }
        if (finallyClause) {
            const block = finallyClause.namedChildren.find((c) => c?.type === 'block');
            const finallyFlow = await this.runBlock(block?.namedChildren ?? [], frame);
            if (finallyFlow.kind !== 'normal')
                return finallyFlow;
        }
        return result;
    }
    handles(handler, flow) {
        const caught = handler.namedChildren.find((c) => c !== null && c.type !== 'block');
        if (!caught)
            return true;
        const names = (caught.type === 'as_pattern' ? caught.namedChildren[0] : caught)?.text ?? '';
        const listed = names
            .replace(/[()]/g, '')
            .split(',')
            .map((n) => n.trim().split('.').pop() ?? '');
        if (flow.importError)
            return listed.some((n) => EXCEPTIONS_CATCHING_IMPORT_ERROR.has(n));
        return listed.some((n) => n === flow.exception || n === 'Exception' || n === 'BaseException');
    }
    // ---------------------------------------------------------------- imports
    async runImport(node, frame) {
        const span = spanOf(node, frame.file);
        if (node.type === 'future_import_statement')
            return NORMAL;
        if (node.type === 'import_statement') {
            for (const name of node.childrenForFieldName('name')) {
                if (!name)
                    continue;
                const dotted = name.type === 'aliased_import' ? name.childForFieldName('name').text : name.text;
                const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : undefined;
                const bound = alias ?? dotted.split('.')[0];
                const moduleName = alias ? dotted : bound;
                frame.scope.set(bound, {
                    value: make('object', { object: { type: 'module', name: moduleName } }, span),
                    assignedAt: span,
                });
            }
            return NORMAL;
        }
        const moduleNode = node.childForFieldName('module_name');
        if (!moduleNode)
            return NORMAL;
        const { dotted, level } = this.moduleReference(moduleNode);
        const wildcard = node.namedChildren.some((c) => c?.type === 'wildcard_import');
        const names = node.childrenForFieldName('name').filter((c) => c !== null);
        const external = level === 0 && !this.host.resolver.isProjectModule(dotted, 0);
        if (external && wildcard && frame.importsMayFail) {
            // `try: from local_settings import *` names an optional file of the project, not a library.
            return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
        }
        if (external && wildcard) {
            frame.scope.set(OPAQUE_NAMES, { value: unknown(`the names ${dotted} exports`, span), assignedAt: span });
            return NORMAL;
        }
        if (external) {
            for (const name of names) {
                const imported = name.type === 'aliased_import' ? name.childForFieldName('name').text : name.text;
                const alias = name.type === 'aliased_import' ? name.childForFieldName('alias').text : imported;
                const known = knownImport(dotted, imported, span);
                frame.scope.set(alias, {
                    value: known ?? unknown(`${imported} from ${dotted}`, span),
                    assignedAt: span,
                });
            }
            return NORMAL;
        }
        const resolved = this.host.resolver.resolve(dotted, level, frame.absPath);
        if (!resolved || !resolved.shipped) {
            // `from . import local` may name a submodule file rather than a module attribute.
            return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
        }
        const moduleScope = await this.runModule(resolved.absPath);
        if (!moduleScope)
            return NORMAL;
        if (wildcard) {
            const imported = this.starImports.get(frame.absPath) ?? [];
            imported.push(resolved.absPath);
            this.starImports.set(frame.absPath, imported);
            const exported = this.exportedNames(moduleScope);
            for (const name of exported) {
                const binding = moduleScope.get(name);
                if (binding)
                    frame.scope.set(name, binding);
            }
            return NORMAL;
        }
        for (const name of names) {
            const imported = name.type === 'aliased_import' ? name.childForFieldName('name').text : name.text;
            const alias = name.type === 'aliased_import' ? name.childForFieldName('alias').text : imported;
            const binding = moduleScope.get(imported);
            if (binding) {
                frame.scope.set(alias, binding);
                continue;
            }
            const submodule = this.host.resolver.resolve(imported, 1, resolved.absPath);
            if (submodule?.absPath.endsWith('.py') && resolved.absPath.endsWith('__init__.py')) {
                if (!submodule.shipped)
                    return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
                await this.runModule(submodule.absPath);
            }
            frame.scope.set(alias, { value: unknown(`${imported} from ${dotted || '.'}`, span), assignedAt: span });
        }
        return NORMAL;
    }
    moduleReference(node) {
        if (node.type === 'relative_import') {
            const prefix = node.namedChildren.find((c) => c?.type === 'import_prefix')?.text ?? '';
            const rest = node.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
            return { dotted: rest, level: prefix.length };
        }
        return { dotted: node.text, level: 0 };
    }
    exportedNames(scope) {
        const all = scope.get('__all__')?.value;
        if (all && (all.kind === 'list' || all.kind === 'tuple') && all.items.every((i) => i.kind === 'str')) {
            return all.items.map((i) => (i.kind === 'str' ? i.value : ''));
        }
        return [...scope.keys()].filter(isPublic);
    }
    // ---------------------------------------------------------------- expressions
    lookup(name, frame) {
        return frame.scope.get(name) ?? frame.globals?.get(name);
    }
    evaluate(node, frame) {
        const span = spanOf(node, frame.file);
        switch (node.type) {
            case 'true':
                return make('bool', { value: true }, span);
            case 'false':
                return make('bool', { value: false }, span);
            case 'none':
                return make('none', {}, span);
            case 'integer': {
                const value = parseIntegerLiteral(node.text);
                return value === undefined ? unknown('a complex number', span) : make('int', { value }, span);
            }
            case 'float': {
                const value = parseFloatLiteral(node.text);
                return value === undefined ? unknown('a complex number', span) : make('float', { value }, span);
            }
            case 'string':
                return this.evaluateString(node, frame);
            case 'concatenated_string': {
                const parts = node.namedChildren
                    .filter((c) => c !== null)
                    .map((c) => this.evaluateString(c, frame));
                if (parts.every((p) => p.kind === 'str')) {
                    return make('str', { value: parts.map((p) => (p.kind === 'str' ? p.value : '')).join('') }, span, mergeEnv(...parts.map((p) => p.env)));
                }
                return unknown('a string built from unknown parts', span, mergeEnv(...parts.map((p) => p.env)));
            }
            case 'identifier': {
                const binding = this.lookup(node.text, frame);
                if (binding)
                    return binding.value;
                return this.builtin(node.text, span) ?? unknown(`the name ${node.text}`, span);
            }
            case 'parenthesized_expression': {
                const inner = node.namedChildren.find((c) => c?.type !== 'comment');
                return inner ? this.evaluate(inner, frame) : unknown('an empty expression', span);
            }
            case 'list':
            case 'tuple':
            case 'set':
                return this.evaluateSequence(node, node.type, frame);
            case 'expression_list':
                return this.evaluateSequence(node, 'tuple', frame);
            case 'dictionary':
                return this.evaluateDict(node, frame);
            case 'attribute':
                return this.evaluateAttribute(node, frame);
            case 'subscript':
                return this.evaluateSubscript(node, frame);
            case 'call':
                return this.evaluateCall(node, frame);
            case 'comparison_operator':
                return this.evaluateComparison(node, frame);
            case 'boolean_operator': {
                const left = this.evaluate(node.childForFieldName('left'), frame);
                const operator = node.childForFieldName('operator')?.type;
                const leftTruth = truthy(left);
                if (leftTruth === undefined) {
                    const right = this.evaluate(node.childForFieldName('right'), frame);
                    return unknown('a boolean expression on an unknown value', span, mergeEnv(left.env, right.env));
                }
                if ((operator === 'and' && !leftTruth) || (operator === 'or' && leftTruth))
                    return left;
                const right = this.evaluate(node.childForFieldName('right'), frame);
                return withProvenance(right, right.span, left.env);
            }
            case 'not_operator': {
                const argument = this.evaluate(node.childForFieldName('argument'), frame);
                const value = truthy(argument);
                return value === undefined
                    ? unknown('the negation of an unknown value', span, argument.env)
                    : make('bool', { value: !value }, span, argument.env);
            }
            case 'unary_operator': {
                const argument = this.evaluate(node.childForFieldName('argument'), frame);
                const number = asNumber(argument);
                const operator = node.childForFieldName('operator')?.type;
                if (number === undefined || operator === '~')
                    return unknown('an arithmetic expression', span, argument.env);
                return make(argument.kind === 'float' ? 'float' : 'int', { value: operator === '-' ? -number : number }, span, argument.env);
            }
            case 'binary_operator': {
                const left = this.evaluate(node.childForFieldName('left'), frame);
                const right = this.evaluate(node.childForFieldName('right'), frame);
                return this.binary(node.childForFieldName('operator').type, left, right, span, false);
            }
            case 'conditional_expression': {
                const [whenTrue, test, whenFalse] = node.namedChildren;
                if (!whenTrue || !test || !whenFalse)
                    return unknown('a conditional expression', span);
                const condition = this.evaluate(test, frame);
                const decided = truthy(condition);
                if (decided === undefined) {
                    return this.either([this.evaluate(whenTrue, frame), this.evaluate(whenFalse, frame)], test.text);
                }
                const chosen = this.evaluate(decided ? whenTrue : whenFalse, frame);
                return withProvenance(chosen, chosen.span, condition.env);
            }
            case 'list_comprehension':
            case 'set_comprehension':
            case 'generator_expression':
                return this.evaluateComprehension(node, frame);
            default:
                return unknown(`a ${node.type.replace(/_/g, ' ')}`, span);
        }
    }
    builtin(name, span) {
        const callables = [
            'bool',
            'int',
            'float',
            'str',
            'list',
            'tuple',
            'set',
            'dict',
            'len',
            'sorted',
            'frozenset',
            'repr',
        ];
        return callables.includes(name) ? make('object', { object: { type: 'callable', name } }, span) : undefined;
    }
    evaluateString(node, frame) {
        const span = spanOf(node, frame.file);
        const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
        const prefix = start.replace(/['"]+$/, '').toLowerCase();
        if (prefix.includes('b'))
            return unknown('a bytes literal', span);
        const raw = prefix.includes('r');
        let text = '';
        let env = [];
        let complete = true;
        for (const child of node.namedChildren) {
            if (!child)
                continue;
            switch (child.type) {
                case 'string_content':
                    text += raw ? child.text : this.decodeContent(child);
                    break;
                case 'escape_sequence': {
                    const decoded = raw ? child.text : decodeEscape(child.text);
                    if (decoded === undefined)
                        complete = false;
                    else
                        text += decoded;
                    break;
                }
                case 'interpolation': {
                    const expression = child.childForFieldName('expression');
                    const formatted = expression ? this.evaluate(expression, frame) : undefined;
                    const hasSpec = child.namedChildren.some((c) => c?.type === 'format_specifier' || c?.type === 'type_conversion');
                    const piece = formatted && !hasSpec ? stringForm(formatted) : undefined;
                    if (formatted)
                        env = mergeEnv(env, formatted.env);
                    if (piece === undefined)
                        complete = false;
                    else
                        text += piece;
                    break;
                }
            }
        }
        return complete
            ? make('str', { value: text }, span, env)
            : unknown('a formatted string with unknown parts', span, env);
    }
    /** string_content nodes in tree-sitter-python can still hold escapes in some grammar versions. */
    decodeContent(node) {
        let text = '';
        let last = node.startIndex;
        for (const child of node.namedChildren) {
            if (!child || child.type !== 'escape_sequence')
                continue;
            text += node.text.slice(last - node.startIndex, child.startIndex - node.startIndex);
            text += decodeEscape(child.text) ?? child.text;
            last = child.endIndex;
        }
        return text + node.text.slice(last - node.startIndex);
    }
    evaluateSequence(node, kind, frame) {
        const span = spanOf(node, frame.file);
        const items = [];
        for (const child of node.namedChildren) {
            if (!child || child.type === 'comment')
                continue;
            if (child.type === 'list_splat') {
                const inner = child.namedChildren[0];
                const spread = inner ? this.evaluate(inner, frame) : undefined;
                const spreadItems = spread ? this.iterate(spread) : undefined;
                if (!spreadItems)
                    return unknown(`a ${kind} with unpacked unknown items`, span, spread?.env);
                items.push(...spreadItems);
                continue;
            }
            items.push(this.evaluate(child, frame));
        }
        return make(kind, { items }, span, mergeEnv(...items.map((item) => item.env)));
    }
    evaluateDict(node, frame) {
        const span = spanOf(node, frame.file);
        let dict = make('dict', { entries: [] }, span);
        for (const child of node.namedChildren) {
            if (!child || child.type === 'comment')
                continue;
            if (child.type === 'pair') {
                const key = this.evaluate(child.childForFieldName('key'), frame);
                const value = this.evaluate(child.childForFieldName('value'), frame);
                dict = this.setPath(dict, [key], value);
            }
            else if (child.type === 'dictionary_splat') {
                const inner = child.namedChildren[0];
                const spread = inner ? this.evaluate(inner, frame) : undefined;
                if (spread?.kind !== 'dict')
                    return unknown('a dict with unpacked unknown entries', span);
                for (const [key, value] of spread.entries)
                    dict = this.setPath(dict, [key], value);
            }
            else {
                return unknown('a dict comprehension', span);
            }
        }
        return dict;
    }
    iterate(value) {
        switch (value.kind) {
            case 'list':
            case 'tuple':
            case 'set':
                return value.items;
            case 'dict':
                return value.entries.map(([k]) => k);
            case 'str':
                return [...value.value].map((ch) => make('str', { value: ch }, value.span, value.env));
            default:
                return undefined;
        }
    }
    evaluateComprehension(node, frame) {
        const span = spanOf(node, frame.file);
        const body = node.childForFieldName('body');
        const clauses = node.namedChildren.filter((c) => c?.type === 'for_in_clause' || c?.type === 'if_clause');
        if (!body ||
            clauses[0]?.type !== 'for_in_clause' ||
            clauses.filter((c) => c.type === 'for_in_clause').length !== 1) {
            return unknown('a comprehension', span);
        }
        const loop = clauses[0];
        const source = this.evaluate(loop.childForFieldName('right'), frame);
        const items = this.iterate(source);
        const target = loop.childForFieldName('left');
        if (!items || !target)
            return unknown('a comprehension over unknown items', span, source.env);
        const results = [];
        const scope = cloneScope(frame.scope);
        const inner = { ...frame, scope };
        for (const item of items) {
            this.assignTarget(target, item, inner, span);
            let keep = true;
            for (const clause of clauses.slice(1)) {
                const condition = clause.namedChildren[0];
                keep = condition ? truthy(this.evaluate(condition, inner)) : true;
                if (keep !== true)
                    break;
            }
            if (keep === undefined)
                return unknown('a filtered comprehension', span, source.env);
            if (keep)
                results.push(withProvenance(this.evaluate(body, inner), span, source.env));
        }
        const kind = node.type === 'set_comprehension' ? 'set' : 'list';
        return make(kind, { items: results }, span, source.env);
    }
    evaluateAttribute(node, frame) {
        const span = spanOf(node, frame.file);
        const object = this.evaluate(node.childForFieldName('object'), frame);
        const attribute = node.childForFieldName('attribute').text;
        if (object.kind === 'object') {
            const known = knownModuleAttribute(object.object, attribute, span);
            if (known)
                return known;
            if (object.object.type === 'module') {
                return unknown(`${object.object.name}.${attribute}`, span);
            }
        }
        if (object.kind === 'unknown')
            return unknown(`an attribute of ${object.why}`, span, object.env);
        return make('object', { object: { type: 'method', receiver: object, name: attribute } }, span, object.env);
    }
    evaluateSubscript(node, frame) {
        const span = spanOf(node, frame.file);
        const container = this.evaluate(node.childForFieldName('value'), frame);
        const keyNode = node.childForFieldName('subscript');
        if (!keyNode)
            return unknown('a subscript', span);
        if (keyNode.type === 'slice')
            return unknown('a slice', span, container.env);
        const key = this.evaluate(keyNode, frame);
        if (container.kind === 'object' && container.object.type === 'os.environ') {
            return this.readEnvironment({ variable: key, requiredWithoutDefault: true, span });
        }
        if (container.kind === 'dict') {
            const found = container.entries.find(([k]) => pyEquals(k, key) === true);
            if (found)
                return found[1];
            return unknown('a missing dict key', span, mergeEnv(container.env, key.env));
        }
        if ((container.kind === 'list' || container.kind === 'tuple' || container.kind === 'str') && key.kind === 'int') {
            const items = container.kind === 'str' ? [...container.value] : container.items;
            const index = key.value < 0 ? items.length + key.value : key.value;
            const item = items[index];
            if (item === undefined)
                return unknown('an index out of range', span, container.env);
            return typeof item === 'string' ? make('str', { value: item }, span, container.env) : item;
        }
        return unknown('an item of an unknown container', span, mergeEnv(container.env, key.env));
    }
    evaluateComparison(node, frame) {
        const span = spanOf(node, frame.file);
        const operands = [];
        const operators = [];
        for (const child of node.children) {
            if (!child)
                continue;
            if (child.isNamed && child.type !== 'comment')
                operands.push(this.evaluate(child, frame));
            else if (!child.isNamed)
                operators.push(child.type);
        }
        const env = mergeEnv(...operands.map((o) => o.env));
        const [needle, haystack] = operands;
        if (operators.length === 1 &&
            (operators[0] === 'in' || operators[0] === 'not in') &&
            haystack?.kind === 'object' &&
            haystack.object.type === 'os.environ' &&
            needle?.kind === 'str') {
            // `"X" in os.environ`: a read of X that only asks whether production sets it.
            const read = performRead({ variable: needle, requiredWithoutDefault: false, span }, this.host.environment);
            if (read.state === 'given' || read.state === 'unset') {
                const present = read.state === 'given';
                return make('bool', { value: operators[0] === 'in' ? present : !present }, span, read.read ? [read.read] : []);
            }
            return unknown(`whether ${needle.value} is set`, span, read.read ? [read.read] : []);
        }
        let result = true;
        for (let i = 0; i < operators.length; i++) {
            const outcome = this.compare(operators[i], operands[i], operands[i + 1]);
            if (outcome === undefined)
                return unknown('a comparison with an unknown side', span, env);
            if (!outcome) {
                result = false;
                break;
            }
        }
        return make('bool', { value: result }, span, env);
    }
    compare(operator, left, right) {
        switch (operator) {
            case '==':
                return pyEquals(left, right);
            case '!=':
            case '<>': {
                const equal = pyEquals(left, right);
                return equal === undefined ? undefined : !equal;
            }
            case 'in':
                return pyContains(right, left);
            case 'not in': {
                const contained = pyContains(right, left);
                return contained === undefined ? undefined : !contained;
            }
            case 'is':
            case 'is not': {
                if (!isKnown(left) || !isKnown(right))
                    return undefined;
                const singleton = (v) => v.kind === 'none' || v.kind === 'bool';
                if (!singleton(left) && !singleton(right))
                    return undefined;
                const same = left.kind === right.kind && pyEquals(left, right) === true;
                return operator === 'is' ? same : !same;
            }
            default: {
                const a = asNumber(left);
                const b = asNumber(right);
                if (a !== undefined && b !== undefined) {
                    if (operator === '<')
                        return a < b;
                    if (operator === '<=')
                        return a <= b;
                    if (operator === '>')
                        return a > b;
                    if (operator === '>=')
                        return a >= b;
                }
                if (left.kind === 'str' && right.kind === 'str') {
                    if (operator === '<')
                        return left.value < right.value;
                    if (operator === '<=')
                        return left.value <= right.value;
                    if (operator === '>')
                        return left.value > right.value;
                    if (operator === '>=')
                        return left.value >= right.value;
                }
                return undefined;
            }
        }
    }
    binary(operator, left, right, span, inPlace) {
        const env = mergeEnv(left.env, right.env);
        if (operator === '+') {
            if (left.kind === 'str' && right.kind === 'str')
                return make('str', { value: left.value + right.value }, span, env);
            const sequence = (v) => v.kind === 'list' || v.kind === 'tuple';
            if (sequence(left) && (right.kind === left.kind || (inPlace && left.kind === 'list' && sequence(right)))) {
                const items = [
                    ...left.items,
                    ...right.items,
                ];
                return make(left.kind, { items }, inPlace ? left.span : span, env);
            }
        }
        if (operator === '|' && left.kind === 'dict' && right.kind === 'dict') {
            let result = left;
            for (const [key, value] of right.entries)
                result = this.setPath(result, [key], value);
            return withProvenance(result, span, env);
        }
        if (operator === '*') {
            const count = asNumber(right) ?? asNumber(left);
            const sequence = asNumber(right) !== undefined ? left : right;
            if (count !== undefined && sequence.kind === 'str' && Number.isInteger(count)) {
                return make('str', { value: sequence.value.repeat(Math.max(0, count)) }, span, env);
            }
            if (count !== undefined && (sequence.kind === 'list' || sequence.kind === 'tuple') && count <= MAX_UNROLL) {
                const items = Array.from({ length: Math.max(0, count) }, () => sequence.items).flat();
                return make(sequence.kind, { items }, span, env);
            }
        }
        const a = asNumber(left);
        const b = asNumber(right);
        if (a !== undefined && b !== undefined) {
            const isFloat = left.kind === 'float' || right.kind === 'float';
            const number = (value, float = isFloat) => make(float ? 'float' : 'int', { value }, span, env);
            switch (operator) {
                case '+':
                    return number(a + b);
                case '-':
                    return number(a - b);
                case '*':
                    return number(a * b);
                case '/':
                    return b === 0 ? unknown('a division by zero', span, env) : number(a / b, true);
                case '//':
                    return b === 0 ? unknown('a division by zero', span, env) : number(Math.floor(a / b));
                case '%':
                    return b === 0 ? unknown('a division by zero', span, env) : number(((a % b) + b) % b);
                case '**':
                    return number(a ** b);
            }
        }
        if (operator === '%' && left.kind === 'str') {
            const args = right.kind === 'tuple' ? right.items : [right];
            const formatted = this.percentFormat(left.value, args);
            if (formatted !== undefined)
                return make('str', { value: formatted }, span, env);
        }
        return unknown(`the result of ${operator}`, span, env);
    }
    percentFormat(template, args) {
        let index = 0;
        let failed = false;
        const result = template.replace(/%([%sdir])/g, (_match, type) => {
            if (type === '%')
                return '%';
            const arg = args[index++];
            const text = arg ? stringForm(arg) : undefined;
            if (text === undefined)
                failed = true;
            return text ?? '';
        });
        return failed || index !== args.length ? undefined : result;
    }
    // ---------------------------------------------------------------- calls
    arguments(node, frame) {
        const positional = [];
        const keywords = new Map();
        let spread = false;
        const list = node.childForFieldName('arguments');
        for (const child of list?.namedChildren ?? []) {
            if (!child || child.type === 'comment')
                continue;
            if (child.type === 'keyword_argument') {
                const name = child.childForFieldName('name')?.text;
                const value = child.childForFieldName('value');
                if (name && value)
                    keywords.set(name, this.evaluate(value, frame));
            }
            else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
                spread = true;
            }
            else {
                positional.push(this.evaluate(child, frame));
            }
        }
        return { positional, keywords, spread };
    }
    evaluateCall(node, frame) {
        const span = spanOf(node, frame.file);
        const calleeNode = node.childForFieldName('function');
        const callee = this.evaluate(calleeNode, frame);
        const args = this.arguments(node, frame);
        const argEnv = mergeEnv(...args.positional.map((a) => a.env), ...[...args.keywords.values()].map((a) => a.env));
        if (!args.spread && callee.kind === 'object') {
            const result = this.call(callee, args.positional, args.keywords, span, frame);
            if (result)
                return result;
        }
        const calleeName = calleeNode.type === 'attribute' ? calleeNode.childForFieldName('attribute').text : calleeNode.text;
        if (BOOL_HELPER_NAME.test(calleeName) && args.positional[0])
            return helperBool(args.positional[0], span);
        return unknown(`the result of ${calleeNode.text}()`, span, argEnv);
    }
    call(callee, positional, keywords, span, frame) {
        const object = callee.object;
        switch (object.type) {
            case 'callable':
                return this.callNamed(object.name, positional, keywords, span);
            case 'method':
                return this.callMethod(object.receiver, object.name, positional, keywords, span);
            case 'env-reader':
                return this.callEnvironReader(object.scheme, object.library, undefined, positional, keywords, span);
            case 'function':
                return this.callFunction(object.definition, object.name, positional, keywords, span, frame);
            default:
                return undefined;
        }
    }
    /** A read whose result is the variable's text itself, uncast (os.environ, decouple without cast). */
    readEnvironment(request) {
        const read = performRead(request, this.host.environment);
        const value = read.state === 'given' ? make('str', { value: read.text }, request.span, [read.read]) : read.value;
        return request.variable.kind === 'str' ? { ...value, rawEnv: request.variable.value } : value;
    }
    callNamed(name, positional, keywords, span) {
        const [first, second] = positional;
        switch (name) {
            case 'os.getenv':
            case 'os.environ.get':
            case 'os.environ.setdefault':
                if (!first)
                    return undefined;
                return this.readEnvironment({
                    variable: first,
                    fallback: second ?? keywords.get('default'),
                    requiredWithoutDefault: false,
                    span,
                });
            case 'decouple.config': {
                if (!first)
                    return undefined;
                const raw = this.readEnvironment({
                    variable: first,
                    fallback: keywords.get('default') ?? second,
                    requiredWithoutDefault: true,
                    span,
                });
                const cast = keywords.get('cast');
                if (!cast)
                    return raw;
                // A cast value is no longer the variable's raw text.
                return { ...(raw.kind === 'unknown' ? raw : castDecouple(raw, cast, raw.span)), rawEnv: undefined };
            }
            case 'decouple.Csv': {
                const delimiter = keywords.get('delimiter');
                return make('object', { object: { type: 'csv-cast', delimiter: delimiter?.kind === 'str' ? delimiter.value : ',', strip: true } }, span);
            }
            case 'environ.Env':
            case 'environs.Env': {
                const scheme = new Map();
                for (const [variable, spec] of keywords)
                    scheme.set(variable, castOfScheme(spec));
                const library = name === 'environ.Env' ? 'django-environ' : 'environs';
                return make('object', { object: { type: 'env-reader', library, scheme } }, span);
            }
            case 'get_random_secret_key':
                return unknown(RANDOM_SECRET, span);
            case 'decouple.AutoConfig':
                return make('object', { object: { type: 'callable', name: 'decouple.config' } }, span);
            case 'noop':
                return make('none', {}, span);
            case 'strtobool': {
                if (first?.kind !== 'str')
                    return undefined;
                const text = first.value.toLowerCase();
                if (['y', 'yes', 't', 'true', 'on', '1'].includes(text))
                    return make('int', { value: 1 }, span, first.env);
                if (['n', 'no', 'f', 'false', 'off', '0'].includes(text))
                    return make('int', { value: 0 }, span, first.env);
                return unknown(`strtobool("${first.value}") raises`, span, first.env);
            }
            case 'dj_database_url.config':
            case 'dj_database_url.parse': {
                const url = name === 'dj_database_url.parse'
                    ? first
                    : this.readEnvironment({
                        variable: keywords.get('env') ?? make('str', { value: 'DATABASE_URL' }, span),
                        fallback: keywords.get('default') ?? first,
                        requiredWithoutDefault: false,
                        span,
                    });
                return url ? databaseFromUrl(url, span) : undefined;
            }
            default:
                return this.callBuiltin(name, positional, span);
        }
    }
    callBuiltin(name, positional, span) {
        const [first] = positional;
        const env = mergeEnv(...positional.map((p) => p.env));
        switch (name) {
            case 'bool': {
                if (!first)
                    return make('bool', { value: false }, span);
                const value = truthy(first);
                const result = value === undefined ? unknown('bool() of an unknown value', span, env) : make('bool', { value }, span, env);
                // bool() of an environment string is still its raw truthiness: "False" is True.
                return first.rawEnv ? { ...result, rawEnv: first.rawEnv } : result;
            }
            case 'int': {
                if (!first)
                    return make('int', { value: 0 }, span);
                if (first.kind === 'str') {
                    const parsed = /^\s*[-+]?\d[\d_]*\s*$/.test(first.value) ? Number(first.value.replace(/_/g, '')) : undefined;
                    return parsed === undefined
                        ? unknown(`int("${first.value}") raises`, span, env)
                        : make('int', { value: parsed }, span, env);
                }
                const number = asNumber(first);
                return number === undefined
                    ? unknown('int() of an unknown value', span, env)
                    : make('int', { value: Math.trunc(number) }, span, env);
            }
            case 'float': {
                const number = first?.kind === 'str' ? Number(first.value) : first ? asNumber(first) : 0;
                return number === undefined || Number.isNaN(number)
                    ? unknown('float() of an unknown value', span, env)
                    : make('float', { value: number }, span, env);
            }
            case 'str': {
                const text = first ? stringForm(first) : '';
                return text === undefined
                    ? unknown('str() of an unknown value', span, env)
                    : make('str', { value: text }, span, env);
            }
            case 'list':
            case 'tuple':
            case 'set':
            case 'frozenset':
            case 'sorted': {
                const items = first ? this.iterate(first) : [];
                if (!items)
                    return unknown(`${name}() of an unknown value`, span, env);
                const kind = name === 'tuple' ? 'tuple' : name === 'set' || name === 'frozenset' ? 'set' : 'list';
                return make(kind, { items }, span, env);
            }
            case 'len': {
                const items = first ? this.iterate(first) : undefined;
                return items
                    ? make('int', { value: items.length }, span, env)
                    : unknown('len() of an unknown value', span, env);
            }
            default:
                return undefined;
        }
    }
    callMethod(receiver, method, positional, keywords, span) {
        const env = mergeEnv(receiver.env, ...positional.map((p) => p.env));
        if (receiver.kind === 'object' && receiver.object.type === 'env-reader') {
            return this.callEnvironReader(receiver.object.scheme, receiver.object.library, method, positional, keywords, span);
        }
        if (receiver.kind === 'str') {
            const text = receiver.value;
            const str = (value) => make('str', { value }, span, env);
            const arg = positional[0]?.kind === 'str' ? positional[0].value : undefined;
            switch (method) {
                case 'lower':
                case 'casefold':
                    return str(text.toLowerCase());
                case 'upper':
                    return str(text.toUpperCase());
                case 'strip':
                case 'lstrip':
                case 'rstrip': {
                    if (positional.length > 0 && arg === undefined)
                        return undefined;
                    const chars = arg === undefined ? '\\s' : arg.replace(/[\\\]^-]/g, '\\$&');
                    const pattern = method === 'strip'
                        ? new RegExp(`^[${chars}]+|[${chars}]+$`, 'g')
                        : method === 'lstrip'
                            ? new RegExp(`^[${chars}]+`)
                            : new RegExp(`[${chars}]+$`);
                    return str(text.replace(pattern, ''));
                }
                case 'split': {
                    const separator = arg ?? (keywords.get('sep')?.kind === 'str' ? keywords.get('sep').value : undefined);
                    const parts = separator === undefined ? text.split(/\s+/).filter(Boolean) : text.split(separator);
                    // Each part is still the text written at the receiver (often a default literal): point there.
                    return make('list', { items: parts.map((p) => make('str', { value: p }, receiver.span, env)) }, span, env);
                }
                case 'startswith':
                case 'endswith': {
                    const options = positional[0]?.kind === 'tuple' ? positional[0].items : positional.slice(0, 1);
                    if (!options.every((o) => o.kind === 'str'))
                        return undefined;
                    const value = options.some((o) => method === 'startswith'
                        ? text.startsWith(o.value)
                        : text.endsWith(o.value));
                    return make('bool', { value }, span, env);
                }
                case 'replace': {
                    const replacement = positional[1]?.kind === 'str' ? positional[1].value : undefined;
                    return arg === undefined || replacement === undefined ? undefined : str(text.split(arg).join(replacement));
                }
                case 'capitalize':
                    return str(text.charAt(0).toUpperCase() + text.slice(1).toLowerCase());
                case 'title':
                    return str(text.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()));
                case 'isdigit':
                case 'isnumeric':
                    return make('bool', { value: /^\d+$/.test(text) }, span, env);
                case 'join': {
                    const items = positional[0] ? this.iterate(positional[0]) : undefined;
                    if (!items || !items.every((i) => i.kind === 'str'))
                        return undefined;
                    return str(items.map((i) => (i.kind === 'str' ? i.value : '')).join(text));
                }
                case 'format': {
                    if (keywords.size > 0 || !positional.every((p) => stringForm(p) !== undefined))
                        return undefined;
                    let index = 0;
                    return str(text.replace(/\{(\d*)\}/g, (_m, n) => stringForm(positional[n ? Number(n) : index++]) ?? ''));
                }
                default:
                    return undefined;
            }
        }
        if (receiver.kind === 'dict' && method === 'get') {
            const key = positional[0];
            if (!key || !isKnown(key))
                return undefined;
            const found = receiver.entries.find(([k]) => pyEquals(k, key) === true);
            return found ? found[1] : (positional[1] ?? make('none', {}, span, env));
        }
        if (receiver.kind === 'dict' && method === 'copy')
            return receiver;
        if ((receiver.kind === 'list' || receiver.kind === 'dict') && ['copy'].includes(method))
            return receiver;
        return undefined;
    }
    /** django-environ's `env(...)`/`env.bool(...)` and environs' typed readers. */
    callEnvironReader(scheme, library, method, positional, keywords, span) {
        const [variable, second] = positional;
        if (method === 'read_env' || method === 'read_envfile')
            return make('none', {}, span);
        const databaseUrl = ['db', 'db_url', 'dj_db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url'];
        if (!variable && !(method && databaseUrl.includes(method)))
            return undefined;
        const typed = {
            bool: 'bool',
            int: 'int',
            float: 'float',
            str: 'str',
            list: 'list',
            tuple: 'tuple',
            json: 'json',
            dict: 'opaque',
            url: 'opaque',
            path: 'opaque',
        };
        if (method && databaseUrl.includes(method)) {
            const defaultName = method.startsWith('cache')
                ? 'CACHE_URL'
                : method.startsWith('email')
                    ? 'EMAIL_URL'
                    : method.startsWith('search')
                        ? 'SEARCH_URL'
                        : 'DATABASE_URL';
            const nameGiven = variable?.kind === 'str' && /^[A-Z][A-Z0-9_]*$/.test(variable.value);
            const url = this.readEnvironment({
                variable: nameGiven && variable ? variable : make('str', { value: defaultName }, span),
                fallback: keywords.get('default') ?? (nameGiven ? second : variable),
                requiredWithoutDefault: true,
                span,
            });
            return method.startsWith('db') || method === 'dj_db_url'
                ? databaseFromUrl(url, span)
                : unknown(`a ${method} configuration`, span, url.env);
        }
        if (method !== undefined && !(method in typed))
            return undefined;
        const entry = variable.kind === 'str' ? scheme.get(variable.value) : undefined;
        // The generic call takes the cast second; the typed readers take the default second (list/tuple/dict: cast).
        const secondIsCast = method === undefined || method === 'list' || method === 'tuple' || method === 'dict';
        // env(var, cast=None, default=NOTSET): the generic call's third positional argument is the default.
        const explicitDefault = keywords.get('default') ?? (secondIsCast ? (method === undefined ? positional[2] : undefined) : second);
        const explicitCast = method
            ? typed[method]
            : castNameOf(keywords.get('cast') ?? (secondIsCast ? second : undefined) ?? make('none', {}, span));
        const fallback = explicitDefault ?? entry?.default;
        const cast = explicitCast ?? entry?.cast ?? (library === 'django-environ' ? smartCast(fallback) : undefined);
        const read = performRead({ variable, fallback, requiredWithoutDefault: true, span }, this.host.environment);
        if (read.state === 'given')
            return parseEnvironString(read.text, cast, span, [read.read]);
        if (read.state === 'default' &&
            fallback &&
            fallback.kind === 'str' &&
            library === 'environs' &&
            cast &&
            cast !== 'str') {
            return parseEnvironString(fallback.value, cast, fallback.span, [read.read]);
        }
        return read.value;
    }
    callFunction(definition, name, positional, keywords, span, frame) {
        const fallback = () => BOOL_HELPER_NAME.test(name) && positional[0]
            ? helperBool(positional[0], span)
            : unknown(`the result of ${name}()`, span);
        if (frame.depth >= MAX_CALL_DEPTH)
            return fallback();
        const scope = new Map();
        const parameters = definition.node.childForFieldName('parameters')?.namedChildren ?? [];
        let index = 0;
        const callFrame = {
            scope,
            globals: definition.globals,
            file: definition.file,
            absPath: definition.absPath,
            pathEnv: frame.pathEnv,
            importsMayFail: false,
            depth: frame.depth + 1,
        };
        for (const parameter of parameters) {
            if (!parameter)
                continue;
            const paramName = parameter.type === 'identifier'
                ? parameter.text
                : (parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier'))
                    ?.text;
            if (!paramName || parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern')
                continue;
            let value = keywords.get(paramName) ?? positional[index];
            index += 1;
            if (!value) {
                const defaultNode = parameter.childForFieldName('value');
                value = defaultNode ? this.evaluate(defaultNode, callFrame) : unknown(`the parameter ${paramName}`, span);
            }
            scope.set(paramName, { value, assignedAt: span });
        }
        const body = definition.node.childForFieldName('body');
        if (!body)
            return fallback();
        // Function bodies here are run synchronously: imports inside them are rare in settings helpers.
        const flow = this.runBodySync(body.namedChildren, callFrame);
        // The call is where the setting gets its value, so the result points there, not into the helper.
        if (flow?.kind === 'return' && flow.value.kind !== 'unknown')
            return withProvenance(flow.value, span, []);
        return fallback();
    }
    /** A small synchronous runner for helper bodies: assignments, ifs and returns. */
    runBodySync(statements, frame) {
        for (const statement of statements) {
            if (!statement)
                continue;
            switch (statement.type) {
                case 'expression_statement':
                    for (const child of statement.namedChildren)
                        if (child)
                            this.runExpressionStatement(child, frame, statement);
                    break;
                case 'return_statement': {
                    const expression = statement.namedChildren[0];
                    return {
                        kind: 'return',
                        value: expression ? this.evaluate(expression, frame) : make('none', {}, spanOf(statement, frame.file)),
                    };
                }
                case 'if_statement': {
                    const condition = this.evaluate(statement.childForFieldName('condition'), frame);
                    const decided = truthy(condition);
                    if (decided === undefined)
                        return undefined;
                    if (decided) {
                        const flow = this.runBodySync(statement.childForFieldName('consequence')?.namedChildren ?? [], frame);
                        if (flow?.kind !== 'normal')
                            return flow;
                        break;
                    }
                    const alternative = statement.childrenForFieldName('alternative')[0];
                    if (alternative?.type === 'else_clause') {
                        const flow = this.runBodySync(alternative.childForFieldName('body')?.namedChildren ?? [], frame);
                        if (flow?.kind !== 'normal')
                            return flow;
                    }
                    else if (alternative) {
                        return undefined;
                    }
                    break;
                }
                case 'pass_statement':
                case 'comment':
                    break;
                default:
                    if (statement.type === 'expression_statement' || statement.type.endsWith('string'))
                        break;
                    return undefined;
            }
        }
        return NORMAL;
    }
}
/** `postgres://user:password@host:5432/name` as the DATABASES entry dj-database-url / django-environ build. */
function databaseFromUrl(url, span) {
    if (url.kind !== 'str')
        return unknown('a database configured from a URL', span, url.env);
    const match = /^([\w+.-]+):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#]*)(?::(\d+))?(?:\/([^?#]*))?/.exec(url.value);
    if (!match)
        return unknown('a database URL that does not parse', span, url.env);
    const part = (value) => make('str', { value: decodeURIComponent(value ?? '') }, url.span, url.env);
    const entries = [
        [make('str', { value: 'NAME' }, span), part(match[6])],
        [make('str', { value: 'USER' }, span), part(match[2])],
        [make('str', { value: 'PASSWORD' }, span), part(match[3])],
        [make('str', { value: 'HOST' }, span), part(match[4])],
        [make('str', { value: 'PORT' }, span), part(match[5])],
    ];
    return make('dict', { entries }, url.span, url.env);
}
/** django-split-settings' glob: `*` and `?` within one path segment, files in name order. */
function expandGlob(folder, pattern) {
    const isFile = (path) => {
        try {
            return statSync(path).isFile();
        }
        catch {
            return false;
        }
    };
    if (!/[*?[]/.test(pattern)) {
        const path = join$1(folder, pattern);
        return isFile(path) ? [path] : [];
    }
    let candidates = [folder];
    for (const segment of pattern.split('/')) {
        if (!/[*?[]/.test(segment)) {
            candidates = candidates.map((candidate) => join$1(candidate, segment));
            continue;
        }
        const matcher = new RegExp(`^${segment
            .replace(/[.+^${}()|\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]')}$`);
        candidates = candidates.flatMap((candidate) => {
            try {
                return readdirSync(candidate)
                    .filter((name) => matcher.test(name))
                    .sort()
                    .map((name) => join$1(candidate, name));
            }
            catch {
                return [];
            }
        });
    }
    return candidates.filter(isFile);
}

const INSECURE_PREFIX = 'django-insecure-';
/** Django's W009/W025 test: fewer than 50 characters, fewer than 5 distinct ones, or the startproject prefix. */
function weaknessOf(key) {
    if (key.startsWith(INSECURE_PREFIX))
        return `starts with "${INSECURE_PREFIX}", the mark of a key generated by startproject`;
    // Python's len() counts code points, not UTF-16 units.
    const length = [...key].length;
    if (length < 50)
        return length === 0 ? 'is empty' : `has only ${length} characters (Django asks for at least 50)`;
    if (new Set(key).size < 5)
        return `uses only ${new Set(key).size} distinct characters (Django asks for at least 5)`;
    return undefined;
}
/** The variable the key is read from, for the fix line; the conventional name when none is read. */
function variableRead(value) {
    return value.env.find((read) => read.state !== 'required')?.variable ?? 'DJANGO_SECRET_KEY';
}
/** ", when DJANGO_SECRET_KEY is unset," or "" for a value that no environment read shaped. */
function when(value) {
    const how = describeConditions(value);
    return how ? `, ${how},` : '';
}
/** Old keys still validate signatures, so a committed one is as exposed as a committed SECRET_KEY. */
function reportFallbackKeys(fallbacks, report) {
    if (!fallbacks.isAssigned)
        return;
    const list = fallbacks.value;
    if (list.kind !== 'list' && list.kind !== 'tuple')
        return;
    list.items.forEach((item, index) => {
        if (item.kind !== 'str' || item.value === '' || !isWrittenInSource(item))
            return;
        const fromDefault = reliesOnUnsetVariable(item);
        report({
            span: item.span,
            setting: 'SECRET_KEY_FALLBACKS',
            level: fromDefault ? 'warning' : 'error',
            message: `SECRET_KEY_FALLBACKS[${index}] is a key written in the source, ${maskSecret(item.value)}${when(item).replace(/,$/, '')}: Django still accepts what it signed, so anyone with the repository can forge sessions and signed data.`,
            fix: 'Read retired keys from the environment too (SECRET_KEY_FALLBACKS = os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",")), or drop them once their sessions expired',
        });
    });
}
const secretKeyHardcoded = {
    kind: 'settings',
    id: 'secret-key-hardcoded',
    level: 'error',
    summary: 'SECRET_KEY is written in the source instead of coming from the environment',
    djangoChecks: [],
    seedItem: 8,
    securitySeverity: 8.1,
    tags: ['security', 'settings', 'secrets'],
    check({ settings, django, report }) {
        const secret = settings.get('SECRET_KEY');
        const value = secret.value;
        if (!secret.isAssigned) {
            if (atLeast(django, 4, 1))
                reportFallbackKeys(settings.get('SECRET_KEY_FALLBACKS'), report);
            return;
        }
        if (value.kind === 'unknown' && value.why === RANDOM_SECRET && isWrittenInSource(value)) {
            report({
                span: value.span,
                setting: 'SECRET_KEY',
                level: 'warning',
                message: `SECRET_KEY is generated at import time${when(value).replace(/,$/, '')}: each process gets a different key, so sessions, password-reset links and signed values break across workers and restarts.`,
                fix: `SECRET_KEY = os.environ["${variableRead(value)}"], with the key kept in the deployment's secret store`,
            });
            return;
        }
        if (atLeast(django, 4, 1))
            reportFallbackKeys(settings.get('SECRET_KEY_FALLBACKS'), report);
        if (value.kind !== 'str' || !isWrittenInSource(value) || value.value === '')
            return;
        const fromDefault = reliesOnUnsetVariable(value);
        const generated = value.value.startsWith(INSECURE_PREFIX);
        report({
            span: value.span,
            setting: 'SECRET_KEY',
            level: fromDefault && !generated ? 'warning' : 'error',
            message: fromDefault
                ? `SECRET_KEY falls back to a key written in the source, ${maskSecret(value.value)}${when(value)} so anyone with the code can forge sessions and signed data of a deployment that forgets the variable.`
                : `SECRET_KEY is written in the source, ${maskSecret(value.value)}: anyone who can read the repository can forge sessions, password-reset links and signed data.`,
            fix: fromDefault
                ? `Drop the default so a missing key fails loudly: SECRET_KEY = os.environ["${variableRead(value)}"]; rotate the committed key`
                : 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]; rotate the committed key, since it stays in git history',
        });
    },
    docs: {
        what: 'Flags a `SECRET_KEY` (or a `SECRET_KEY_FALLBACKS` entry) written in the settings, either directly or as the default of an environment read, and a key generated at import time.',
        why: 'The secret key signs sessions, password-reset tokens, messages and anything passed through `django.core.signing`. Whoever knows it can forge them, and on older setups with pickle-based sessions it led to remote code execution. A key in the repository is known to everyone who can read it, and it stays in git history after it is removed.',
        example: `SECRET_KEY = "django-insecure-3x@mpl3k3y..."

# or a fallback that production silently uses when the variable is missing
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-secret")`,
        useInstead: `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # fails loudly when missing`,
        notes: [
            'A literal key is an error. A default for an environment read is a warning (an error when it starts with `django-insecure-`), since production normally sets the variable.',
            'A guard that refuses to start without the variable (`if not DEBUG and SECRET_KEY == DEFAULT: raise ImproperlyConfigured(...)`) is understood: the default then never reaches production and nothing is reported.',
            'Messages show only a masked prefix and the length of the key.',
            '`get_random_secret_key()` as the value or default is a warning: every worker gets its own key.',
        ],
        references: [
            {
                title: 'Django settings: SECRET_KEY',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key',
            },
            {
                title: 'Deployment checklist: SECRET_KEY',
                url: 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key',
            },
        ],
    },
};
const secretKeyWeak = {
    kind: 'settings',
    id: 'secret-key-weak',
    level: 'error',
    summary: 'SECRET_KEY (or a fallback key) is short, repetitive or generated by startproject',
    djangoChecks: ['security.W009', 'security.W025'],
    seedItem: 8,
    securitySeverity: 7.4,
    tags: ['security', 'settings', 'secrets'],
    check({ settings, django, report }) {
        const secret = settings.get('SECRET_KEY');
        const value = secret.value;
        const missing = value.kind === 'none' || (value.kind === 'str' && value.value === '');
        if (missing || value.kind === 'str') {
            const text = value.kind === 'str' ? value.value : '';
            const weakness = missing ? 'is empty' : weaknessOf(text);
            if (weakness) {
                const masked = missing ? '' : ` ${maskSecret(text)}`;
                report({
                    span: secret.origin,
                    setting: 'SECRET_KEY',
                    djangoCheck: 'security.W009',
                    level: secret.isAssigned && reliesOnUnsetVariable(value) ? 'warning' : 'error',
                    message: secret.isAssigned
                        ? `SECRET_KEY${masked}${when(value)} ${weakness}: a weak key lets attackers forge sessions and signed data.`
                        : 'SECRET_KEY is not set: Django refuses to start without it, and an empty key signs nothing securely.',
                    fix: 'Generate a key of 50+ random characters (python -c "from django.core.management.utils import get_random_secret_key as g; print(g())") and read it from the environment',
                });
            }
        }
        // SECRET_KEY_FALLBACKS and W025 arrived in Django 4.1.
        if (!atLeast(django, 4, 1))
            return;
        const fallbacks = settings.get('SECRET_KEY_FALLBACKS');
        if (!fallbacks.isAssigned)
            return;
        const list = fallbacks.value;
        if (list.kind !== 'list' && list.kind !== 'tuple')
            return;
        list.items.forEach((item, index) => {
            if (item.kind !== 'str')
                return;
            const weakness = weaknessOf(item.value);
            if (!weakness)
                return;
            report({
                span: item.span,
                setting: 'SECRET_KEY_FALLBACKS',
                djangoCheck: 'security.W025',
                level: reliesOnUnsetVariable(item) ? 'warning' : 'error',
                message: `SECRET_KEY_FALLBACKS[${index}] ${maskSecret(item.value)}${when(item)} ${weakness}: Django still accepts signatures made with it.`,
                fix: 'Remove the weak key from SECRET_KEY_FALLBACKS once sessions signed with it have expired; use 50+ random characters for keys',
            });
        });
    },
    docs: {
        what: "Applies Django's own test (security.W009, and security.W025 for `SECRET_KEY_FALLBACKS`) to the key production would use: fewer than 50 characters, fewer than 5 distinct characters, or the `django-insecure-` prefix that `startproject` writes.",
        why: 'A short or patterned key can be guessed or brute-forced offline from any signed value, such as a session cookie. A `django-insecure-` key was generated for development and usually lives in the repository. Old keys in `SECRET_KEY_FALLBACKS` still validate signatures, so a weak one there is as bad as a weak main key.',
        example: `SECRET_KEY = os.environ.get("SECRET_KEY", "change-me")`,
        useInstead: `SECRET_KEY = os.environ["SECRET_KEY"]  # 50+ random characters, set in production`,
        notes: [
            'A weak key that only applies when a variable is unset is a warning; a weak key production would certainly use is an error.',
            'A key read from the environment with no default is not judged: its strength is in the deployment, which `check --deploy` with the production environment can confirm.',
        ],
        references: [
            {
                title: 'Django settings: SECRET_KEY',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key',
            },
            {
                title: 'Django settings: SECRET_KEY_FALLBACKS',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks',
            },
            {
                title: 'System checks security.W009 and W025',
                url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
            },
        ],
    },
};

/**
 * The conditions of Django's deploy checks (django/core/checks/security/base.py, sessions.py, csrf.py),
 * shared by the rules that mirror them, so every rule gates on installed middleware and apps exactly as
 * Django does: plain `in` on the final list, no subclasses, no AppConfig paths.
 */
const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';
const CLICKJACKING_MIDDLEWARE = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';
const SESSIONS_APP = 'django.contrib.sessions';
/** `entry in SETTING`; undefined when the model does not know the list. */
function contains(setting, entry) {
    return pyContains(setting.value, make('str', { value: entry }, setting.origin));
}
function hasMiddleware(settings, path) {
    return contains(settings.get('MIDDLEWARE'), path);
}
function hasApp(settings, app) {
    return contains(settings.get('INSTALLED_APPS'), app);
}
/** `not setting` in Python; undefined when unknown. */
function isFalsy(setting) {
    const value = truthy(setting.value);
    return value === undefined ? undefined : !value;
}
/** `setting is not True` in Python; undefined when unknown. */
function isNotTrue(setting) {
    const value = isTrueSingleton(setting.value);
    return value === undefined ? undefined : !value;
}
/**
 * The cookie-flag test of W010-W016: Django 3.2 asks for a truthy value, 4.1 and later for `is True`, so
 * `SESSION_COOKIE_SECURE = 1` passes on 3.2 and fails on 4.2.
 */
function cookieFlagFails(setting, django) {
    return atLeast(django, 4, 1) ? isNotTrue(setting) : isFalsy(setting);
}

const contentTypeNosniffDisabled = {
    kind: 'settings',
    id: 'content-type-nosniff-disabled',
    level: 'warning',
    summary: 'SECURE_CONTENT_TYPE_NOSNIFF is turned off',
    djangoChecks: ['security.W006'],
    securitySeverity: 4.3,
    tags: ['security', 'settings', 'headers'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const nosniff = settings.get('SECURE_CONTENT_TYPE_NOSNIFF');
        if (isNotTrue(nosniff) !== true)
            return;
        report({
            span: nosniff.origin,
            setting: 'SECURE_CONTENT_TYPE_NOSNIFF',
            djangoCheck: 'security.W006',
            message: `SECURE_CONTENT_TYPE_NOSNIFF is ${nosniff.describe()}: without "X-Content-Type-Options: nosniff", browsers may run an uploaded file as script or HTML.`,
            fix: 'SECURE_CONTENT_TYPE_NOSNIFF = True (or delete the line: True is the default)',
        });
    },
    docs: {
        what: "Checks that `SECURE_CONTENT_TYPE_NOSNIFF` is `True` when SecurityMiddleware is installed, as Django's security.W006 does.",
        why: "`X-Content-Type-Options: nosniff` stops browsers from guessing a response's type from its content. Without it, a user upload served as `text/plain` or an image can be interpreted as HTML or JavaScript, turning an upload into cross-site scripting.",
        example: `SECURE_CONTENT_TYPE_NOSNIFF = False`,
        useInstead: `SECURE_CONTENT_TYPE_NOSNIFF = True  # Django's default since 3.0`,
        notes: [
            'The default is `True`, so this fires only on an explicit other value, such as `False` or the string `"True"`.',
        ],
        references: [
            {
                title: 'X-Content-Type-Options: nosniff',
                url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#x-content-type-options-nosniff',
            },
            { title: 'System check security.W006', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

/**
 * Django's session-cookie checks come in three shapes: the sessions app only (W010/W013), the session
 * middleware only (W011/W014), or both (W012/W015, replacing the other two).
 */
function sessionCheckId(settings, ids) {
    const app = hasApp(settings, SESSIONS_APP);
    const middleware = hasMiddleware(settings, SESSION_MIDDLEWARE);
    if (app === undefined || middleware === undefined)
        return undefined;
    if (app && middleware)
        return ids[2];
    if (app)
        return ids[0];
    if (middleware)
        return ids[1];
    return undefined;
}
/** Why a true-ish value still fails: said only when the value is true but not the bool True. */
function flagTest(flag, django) {
    return flag.truthy() === true && atLeast(django, 4, 1) ? ' (Django 4.1 and later want the bool True)' : '';
}
function checkSessionFlag(settings, django, report, name, ids, consequence) {
    const id = sessionCheckId(settings, ids);
    if (!id)
        return;
    const flag = settings.get(name);
    if (cookieFlagFails(flag, django) !== true)
        return;
    report({
        span: flag.origin,
        setting: name,
        djangoCheck: id,
        message: `${name} is ${flag.describe()}${flagTest(flag, django)}: ${consequence}`,
        fix: `${name} = True`,
    });
}
const sessionCookieInsecure = {
    kind: 'settings',
    id: 'session-cookie-insecure',
    level: 'warning',
    summary: 'SESSION_COOKIE_SECURE is not True, so the session cookie can travel over plain HTTP',
    djangoChecks: ['security.W010', 'security.W011', 'security.W012'],
    seedItem: 5,
    securitySeverity: 5.9,
    tags: ['security', 'settings', 'cookies'],
    check({ settings, django, report }) {
        checkSessionFlag(settings, django, report, 'SESSION_COOKIE_SECURE', ['security.W010', 'security.W011', 'security.W012'], 'the browser also sends the session cookie over plain HTTP, where a network attacker can copy it and take over the session.');
    },
    docs: {
        what: "Checks that `SESSION_COOKIE_SECURE` is on when sessions are used (the sessions app, its middleware, or both), as Django's security.W010, W011 and W012 do.",
        why: 'A session cookie without the `Secure` flag is sent on any plain-HTTP request to the domain, for example one an attacker provokes with an `http://` image. Whoever reads it is logged in as the user.',
        example: `SESSION_COOKIE_SECURE = False`,
        useInstead: `SESSION_COOKIE_SECURE = True`,
        notes: [
            "Django 3.2 accepts any true value; Django 4.1 and later want the bool `True` (so `1` passes on 3.2 and is reported on 4.2). The rule follows the project's Django version.",
            'The Django check ID depends on what is installed: W010 for the sessions app alone, W011 for the middleware alone, W012 for both.',
        ],
        references: [
            {
                title: 'Django settings: SESSION_COOKIE_SECURE',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure',
            },
            {
                title: 'System checks security.W010-W012',
                url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
            },
        ],
    },
};
const sessionCookieHttponlyDisabled = {
    kind: 'settings',
    id: 'session-cookie-httponly-disabled',
    level: 'warning',
    summary: 'SESSION_COOKIE_HTTPONLY is turned off, so scripts can read the session cookie',
    djangoChecks: ['security.W013', 'security.W014', 'security.W015'],
    seedItem: 5,
    securitySeverity: 5.4,
    tags: ['security', 'settings', 'cookies'],
    check({ settings, django, report }) {
        checkSessionFlag(settings, django, report, 'SESSION_COOKIE_HTTPONLY', ['security.W013', 'security.W014', 'security.W015'], 'JavaScript on the page can read the session cookie, so any cross-site scripting hole leaks sessions.');
    },
    docs: {
        what: "Checks that `SESSION_COOKIE_HTTPONLY` is on when sessions are used, as Django's security.W013, W014 and W015 do.",
        why: '`HttpOnly` keeps the session cookie out of `document.cookie`. Without it, a single cross-site scripting bug lets an attacker steal the session of every user who views the page.',
        example: `SESSION_COOKIE_HTTPONLY = False`,
        useInstead: `SESSION_COOKIE_HTTPONLY = True  # Django's default`,
        notes: [
            'The default is `True`, so this fires only when the setting is overridden. As with the Secure flag, Django 3.2 accepts any true value and 4.1+ want the bool `True`.',
        ],
        references: [
            {
                title: 'Django settings: SESSION_COOKIE_HTTPONLY',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly',
            },
            {
                title: 'System checks security.W013-W015',
                url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
            },
        ],
    },
};
const csrfCookieInsecure = {
    kind: 'settings',
    id: 'csrf-cookie-insecure',
    level: 'warning',
    summary: 'CSRF_COOKIE_SECURE is not True, so the CSRF cookie can travel over plain HTTP',
    djangoChecks: ['security.W016'],
    seedItem: 5,
    securitySeverity: 4.3,
    tags: ['security', 'settings', 'cookies', 'csrf'],
    check({ settings, django, report }) {
        if (hasMiddleware(settings, CSRF_MIDDLEWARE) !== true)
            return;
        // With CSRF_USE_SESSIONS the token lives in the session, not in a cookie of its own.
        if (isFalsy(settings.get('CSRF_USE_SESSIONS')) !== true)
            return;
        const flag = settings.get('CSRF_COOKIE_SECURE');
        if (cookieFlagFails(flag, django) !== true)
            return;
        report({
            span: flag.origin,
            setting: 'CSRF_COOKIE_SECURE',
            djangoCheck: 'security.W016',
            message: `CSRF_COOKIE_SECURE is ${flag.describe()}${flagTest(flag, django)}: the CSRF cookie is also sent over plain HTTP, where a network attacker can read or replace it.`,
            fix: 'CSRF_COOKIE_SECURE = True',
        });
    },
    docs: {
        what: "Checks that `CSRF_COOKIE_SECURE` is on when `CsrfViewMiddleware` is installed and the token is kept in a cookie (`CSRF_USE_SESSIONS` off), as Django's security.W016 does.",
        why: 'Without the `Secure` flag the CSRF cookie rides along on plain-HTTP requests, where an attacker on the network can read it, or set one of their own and then forge requests that carry a matching token.',
        example: `CSRF_COOKIE_SECURE = False`,
        useInstead: `CSRF_COOKIE_SECURE = True`,
        notes: [
            'Django 3.2 accepts any true value; 4.1 and later want the bool `True`. `CSRF_USE_SESSIONS` exempts the check when it is true in any form, as in Django.',
        ],
        references: [
            {
                title: 'Django settings: CSRF_COOKIE_SECURE',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure',
            },
            { title: 'System check security.W016', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

const VALID_POLICIES$1 = ['same-origin', 'same-origin-allow-popups', 'unsafe-none'];
const crossOriginOpenerPolicyInvalid = {
    kind: 'settings',
    id: 'cross-origin-opener-policy-invalid',
    level: 'error',
    summary: 'SECURE_CROSS_ORIGIN_OPENER_POLICY has a value Django does not accept',
    djangoChecks: ['security.E024'],
    securitySeverity: 3.1,
    tags: ['security', 'settings', 'headers'],
    check({ settings, django, report }) {
        // The setting and its check arrived in Django 4.0.
        if (!atLeast(django, 4, 0))
            return;
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const policy = settings.get('SECURE_CROSS_ORIGIN_OPENER_POLICY');
        const value = policy.value;
        if (value.kind !== 'str' || VALID_POLICIES$1.includes(value.value))
            return;
        report({
            span: policy.origin,
            setting: 'SECURE_CROSS_ORIGIN_OPENER_POLICY',
            djangoCheck: 'security.E024',
            message: `SECURE_CROSS_ORIGIN_OPENER_POLICY is ${policy.describe()}, which is not a policy Django accepts: the header does not isolate the site's windows from pages it opens.`,
            fix: `SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin" (valid: ${VALID_POLICIES$1.join(', ')}; None sends no header)`,
        });
    },
    docs: {
        what: "Checks that `SECURE_CROSS_ORIGIN_OPENER_POLICY` is one of the values Django accepts (or `None`), as Django's security.E024 does from Django 4.0 on.",
        why: "Cross-Origin-Opener-Policy keeps pages of other origins that your site opens, or that open it, out of its browsing context group, which blocks cross-window attacks and is required for cross-origin isolation. A wrong value is rejected by Django's check and the intended isolation does not happen.",
        example: `SECURE_CROSS_ORIGIN_OPENER_POLICY = "noopener-allow-popups"`,
        useInstead: `SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default`,
        notes: [
            'Values are compared exactly, without trimming, like Django. Only checked on Django 4.0 and later, where the setting exists.',
            "A list or other non-string value makes Django's own check crash; that is not reported here, but `check --deploy` would fail.",
        ],
        references: [
            {
                title: 'Cross-Origin Opener Policy',
                url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#cross-origin-opener-policy',
            },
            { title: 'System check security.E024', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

const ONE_YEAR$1 = 31536000;
const hstsMissing = {
    kind: 'settings',
    id: 'hsts-missing',
    level: 'warning',
    summary: 'SECURE_HSTS_SECONDS is not set, so browsers are not told to use HTTPS only',
    djangoChecks: ['security.W004'],
    seedItem: 4,
    securitySeverity: 5.9,
    tags: ['security', 'settings', 'https'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const seconds = settings.get('SECURE_HSTS_SECONDS');
        if (isFalsy(seconds) !== true)
            return;
        report({
            span: seconds.origin,
            setting: 'SECURE_HSTS_SECONDS',
            djangoCheck: 'security.W004',
            message: `SECURE_HSTS_SECONDS is ${seconds.describe()}: no Strict-Transport-Security header is sent, so a network attacker can downgrade a visitor's first request to plain HTTP.`,
            fix: `SECURE_HSTS_SECONDS = ${ONE_YEAR$1} (start lower in staging, e.g. 300, then raise it)`,
        });
    },
    docs: {
        what: "Checks that `SECURE_HSTS_SECONDS` is set when SecurityMiddleware is installed, as Django's security.W004 does.",
        why: 'HTTP Strict Transport Security tells browsers to use only HTTPS for your domain for the given time. Without it, a visitor who types the address or follows an http:// link makes a first request in the clear, which an attacker on the network can intercept (SSL stripping).',
        example: `SECURE_HSTS_SECONDS = 0`,
        useInstead: `SECURE_HSTS_SECONDS = 31536000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True`,
        notes: [
            'HSTS is hard to undo: browsers remember it for the whole duration. Roll it out with a short value (300 seconds) in staging, check nothing breaks, then raise it to a year (see `hsts-too-short`).',
            'Only checked when SecurityMiddleware is installed, as in Django; without it `security-middleware-missing` applies.',
            'When TLS ends at a proxy that sets the header itself, silence the rule in the config file with that reason.',
        ],
        references: [
            {
                title: 'HTTP Strict Transport Security',
                url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security',
            },
            { title: 'System check security.W004', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};
const hstsSubdomainsMissing = {
    kind: 'settings',
    id: 'hsts-subdomains-missing',
    level: 'warning',
    summary: 'HSTS is on but SECURE_HSTS_INCLUDE_SUBDOMAINS is not True',
    djangoChecks: ['security.W005'],
    seedItem: 4,
    securitySeverity: 4.3,
    tags: ['security', 'settings', 'https'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        if (isFalsy(settings.get('SECURE_HSTS_SECONDS')) !== false)
            return;
        const subdomains = settings.get('SECURE_HSTS_INCLUDE_SUBDOMAINS');
        if (isNotTrue(subdomains) !== true)
            return;
        report({
            span: subdomains.origin,
            setting: 'SECURE_HSTS_INCLUDE_SUBDOMAINS',
            djangoCheck: 'security.W005',
            message: `SECURE_HSTS_INCLUDE_SUBDOMAINS is ${subdomains.describe()}: subdomains are not covered by HSTS, so an attacker can use an http:// subdomain to set or read cookies for the main site.`,
            fix: 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True (after checking every subdomain serves HTTPS)',
        });
    },
    docs: {
        what: "Checks that `SECURE_HSTS_INCLUDE_SUBDOMAINS` is `True` when HSTS is on (SecurityMiddleware installed and `SECURE_HSTS_SECONDS` set), as Django's security.W005 does.",
        why: 'Without `includeSubDomains`, HSTS protects only the exact host. A subdomain reached over plain HTTP can be spoofed by a network attacker and used to set cookies for the parent domain (cookie tossing).',
        example: `SECURE_HSTS_SECONDS = 31536000`,
        useInstead: `SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True`,
        notes: [
            'The value must be the bool `True`: like Django, `1` or `"True"` is reported.',
            'Turn it on only once every subdomain serves HTTPS, since browsers will refuse plain HTTP for all of them.',
        ],
        references: [
            {
                title: 'Django settings: SECURE_HSTS_INCLUDE_SUBDOMAINS',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains',
            },
            { title: 'System check security.W005', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};
const hstsPreloadMissing = {
    kind: 'settings',
    id: 'hsts-preload-missing',
    level: 'warning',
    summary: 'HSTS is on but SECURE_HSTS_PRELOAD is not True',
    djangoChecks: ['security.W021'],
    seedItem: 4,
    securitySeverity: 3.1,
    tags: ['security', 'settings', 'https'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const seconds = settings.get('SECURE_HSTS_SECONDS');
        if (isFalsy(seconds) !== false)
            return;
        const preload = settings.get('SECURE_HSTS_PRELOAD');
        if (isNotTrue(preload) !== true)
            return;
        // The preload list only accepts a year or more with subdomains: before that, preload is a later step.
        const eligible = (asNumber(seconds.value) ?? 0) >= ONE_YEAR$1 && isNotTrue(settings.get('SECURE_HSTS_INCLUDE_SUBDOMAINS')) === false;
        report({
            span: preload.origin,
            setting: 'SECURE_HSTS_PRELOAD',
            djangoCheck: 'security.W021',
            level: eligible ? 'warning' : 'note',
            message: eligible
                ? `SECURE_HSTS_PRELOAD is ${preload.describe()}: the site cannot join the browsers' HSTS preload list, so first visits stay unprotected.`
                : `SECURE_HSTS_PRELOAD is ${preload.describe()}: the browsers' preload list also needs SECURE_HSTS_SECONDS of a year or more and SECURE_HSTS_INCLUDE_SUBDOMAINS = True, so set those first.`,
            fix: 'SECURE_HSTS_PRELOAD = True, then submit the domain at hstspreload.org',
        });
    },
    docs: {
        what: "Checks that `SECURE_HSTS_PRELOAD` is `True` when HSTS is on, as Django's security.W021 does.",
        why: 'HSTS only protects a browser after its first visit. The preload list, built into browsers, protects the first visit too. Sites must send `preload` to be accepted.',
        example: `SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True`,
        useInstead: `SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True`,
        notes: [
            'Reported whenever Django reports W021. It is a warning once the site is eligible for the preload list (a year or more, with subdomains), and a note before that, since preloading is the last step of an HSTS rollout.',
            'Removal from the preload list takes months: preload only a domain that will stay HTTPS-only.',
        ],
        references: [
            {
                title: 'Django settings: SECURE_HSTS_PRELOAD',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload',
            },
            { title: 'HSTS preload list submission requirements', url: 'https://hstspreload.org/#submission-requirements' },
            { title: 'System check security.W021', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

const securityMiddlewareMissing = {
    kind: 'settings',
    id: 'security-middleware-missing',
    level: 'warning',
    summary: 'SecurityMiddleware is not in MIDDLEWARE, so HTTPS redirects and security headers are off',
    djangoChecks: ['security.W001'],
    securitySeverity: 5.3,
    tags: ['security', 'settings', 'headers'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== false)
            return;
        const middleware = settings.get('MIDDLEWARE');
        report({
            span: middleware.origin,
            setting: 'MIDDLEWARE',
            djangoCheck: 'security.W001',
            message: `MIDDLEWARE ${middleware.isAssigned ? 'does not include' : 'is not set, so it lacks'} "${SECURITY_MIDDLEWARE}": SECURE_SSL_REDIRECT, HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy settings have no effect.`,
            fix: `Put "${SECURITY_MIDDLEWARE}" first in MIDDLEWARE`,
        });
    },
    docs: {
        what: "Checks that Django's `SecurityMiddleware` is in `MIDDLEWARE`, as Django's security.W001 does: the exact dotted path, in the final list.",
        why: 'SecurityMiddleware is what acts on `SECURE_SSL_REDIRECT`, `SECURE_HSTS_*`, `SECURE_CONTENT_TYPE_NOSNIFF`, `SECURE_REFERRER_POLICY` and `SECURE_CROSS_ORIGIN_OPENER_POLICY`. Without it those settings do nothing, whatever they say, and Django skips the checks that depend on it.',
        example: `MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
]`,
        useInstead: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
]`,
        notes: [
            'Like Django, the rule looks for the exact path: a subclass under another name does not count (Django reports W001 for it too). Silence the rule in the config file if you use one.',
            'When `MIDDLEWARE` is never assigned, the finding sits at the settings module, where the list should be written.',
        ],
        references: [
            {
                title: 'SecurityMiddleware',
                url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security',
            },
            { title: 'System check security.W001', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};
const csrfMiddlewareMissing = {
    kind: 'settings',
    id: 'csrf-middleware-missing',
    level: 'warning',
    summary: 'CsrfViewMiddleware is not in MIDDLEWARE, so forms are not protected against CSRF',
    djangoChecks: ['security.W003'],
    securitySeverity: 6.5,
    tags: ['security', 'settings', 'csrf'],
    check({ settings, report }) {
        if (hasMiddleware(settings, CSRF_MIDDLEWARE) !== false)
            return;
        const middleware = settings.get('MIDDLEWARE');
        report({
            span: middleware.origin,
            setting: 'MIDDLEWARE',
            djangoCheck: 'security.W003',
            message: `MIDDLEWARE ${middleware.isAssigned ? 'does not include' : 'is not set, so it lacks'} "${CSRF_MIDDLEWARE}": views are open to cross-site request forgery unless each one is decorated with csrf_protect.`,
            fix: `Add "${CSRF_MIDDLEWARE}" to MIDDLEWARE (after SessionMiddleware)`,
        });
    },
    docs: {
        what: "Checks that `CsrfViewMiddleware` is in `MIDDLEWARE`, as Django's security.W003 does.",
        why: "Without the middleware, Django does not check the CSRF token of POST, PUT, PATCH and DELETE requests, so another site can make a logged-in user's browser submit forms on your site. Protecting each view by hand with `csrf_protect` is easy to forget.",
        example: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]`,
        useInstead: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]`,
        notes: ['A purely token-authenticated API may not need it; silence the rule in the config file with that reason.'],
        references: [
            { title: 'Cross Site Request Forgery protection', url: 'https://docs.djangoproject.com/en/stable/ref/csrf/' },
            { title: 'System check security.W003', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

const VALID_POLICIES = new Set([
    'no-referrer',
    'no-referrer-when-downgrade',
    'origin',
    'origin-when-cross-origin',
    'same-origin',
    'strict-origin',
    'strict-origin-when-cross-origin',
    'unsafe-url',
]);
/**
 * Django's E023 test: a string is split on commas and each piece stripped; any other iterable is taken
 * item by item, unstripped; every token must be a valid policy (case-sensitive). Returns the bad tokens,
 * [] for a valid value, or undefined when unknown or when Django would crash on it.
 */
function invalidTokens(value) {
    let tokens;
    if (value.kind === 'str')
        return value.value
            .split(',')
            .map((t) => t.trim())
            .filter((t) => !VALID_POLICIES.has(t));
    if (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set')
        tokens = value.items;
    else
        return undefined;
    if (!tokens.every((t) => t.kind === 'str'))
        return undefined;
    return tokens.map((t) => (t.kind === 'str' ? t.value : '')).filter((t) => !VALID_POLICIES.has(t));
}
const referrerPolicyMissing = {
    kind: 'settings',
    id: 'referrer-policy-missing',
    level: 'warning',
    summary: 'SECURE_REFERRER_POLICY is None or invalid, so no valid Referrer-Policy header is sent',
    djangoChecks: ['security.W022', 'security.E023'],
    securitySeverity: 3.1,
    tags: ['security', 'settings', 'headers', 'privacy'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const policy = settings.get('SECURE_REFERRER_POLICY');
        if (policy.value.kind === 'none') {
            report({
                span: policy.origin,
                setting: 'SECURE_REFERRER_POLICY',
                djangoCheck: 'security.W022',
                message: `SECURE_REFERRER_POLICY is ${policy.describe()}: no Referrer-Policy header is sent, so full URLs, with any tokens in them, leak to other sites in the Referer header.`,
                fix: 'SECURE_REFERRER_POLICY = "same-origin" (Django\'s default; or delete the line)',
            });
            return;
        }
        const invalid = invalidTokens(policy.value);
        if (!invalid || invalid.length === 0)
            return;
        report({
            span: policy.origin,
            setting: 'SECURE_REFERRER_POLICY',
            djangoCheck: 'security.E023',
            level: 'error',
            message: `SECURE_REFERRER_POLICY is ${policy.describe()}, and ${invalid.map((t) => `"${t}"`).join(', ')} ${invalid.length === 1 ? 'is not a' : 'are not'} valid polic${invalid.length === 1 ? 'y' : 'ies'} (the names are case-sensitive): browsers ignore a header they cannot parse.`,
            fix: `Use valid names only, e.g. SECURE_REFERRER_POLICY = "same-origin" (valid: ${[...VALID_POLICIES].join(', ')})`,
        });
    },
    docs: {
        what: "Checks that `SECURE_REFERRER_POLICY` is set and valid when SecurityMiddleware is installed: Django's security.W022 (set to `None`) and security.E023 (a name Django does not accept).",
        why: 'Without a Referrer-Policy, browsers send the full URL of the page in the `Referer` header to every site it links to or loads from, including query strings with tokens or personal data. An invalid value is ignored by browsers, which is the same as none.',
        example: `SECURE_REFERRER_POLICY = None`,
        useInstead: `SECURE_REFERRER_POLICY = "same-origin"  # Django's default since 3.1`,
        notes: [
            'A string may list fallbacks separated by commas (`"strict-origin, origin"`); a list or tuple works too. Names are compared case-sensitively, like Django (`"Same-Origin"` is an error).',
            'The default is `"same-origin"`, so W022 fires only when the setting is explicitly `None`.',
        ],
        references: [
            { title: 'Referrer-Policy', url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy' },
            {
                title: 'System checks security.W022 and E023',
                url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
            },
        ],
    },
};

const sslRedirectDisabled = {
    kind: 'settings',
    id: 'ssl-redirect-disabled',
    level: 'warning',
    summary: 'SECURE_SSL_REDIRECT is not True, so plain-HTTP requests are served',
    djangoChecks: ['security.W008'],
    seedItem: 3,
    securitySeverity: 5.9,
    tags: ['security', 'settings', 'https'],
    check({ settings, deployment, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const redirect = settings.get('SECURE_SSL_REDIRECT');
        if (isNotTrue(redirect) !== true)
            return;
        const proxy = deployment.tlsTerminatedByProxy === true;
        report({
            span: redirect.origin,
            setting: 'SECURE_SSL_REDIRECT',
            djangoCheck: 'security.W008',
            level: proxy ? 'note' : 'warning',
            message: proxy
                ? `SECURE_SSL_REDIRECT is ${redirect.describe()}: the config says TLS ends at a proxy, so that proxy must redirect http:// to https://; Django will not.`
                : `SECURE_SSL_REDIRECT is ${redirect.describe()}: requests over plain HTTP are served as they are, so pages, cookies and form posts can travel unencrypted.`,
            fix: proxy
                ? 'Redirect HTTP to HTTPS at the proxy, or set SECURE_SSL_REDIRECT = True with SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")'
                : 'SECURE_SSL_REDIRECT = True (behind a TLS-terminating proxy, also SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"))',
        });
    },
    docs: {
        what: "Checks that `SECURE_SSL_REDIRECT` is `True` when SecurityMiddleware is installed, as Django's security.W008 does.",
        why: 'With the redirect on, SecurityMiddleware answers every plain-HTTP request with a redirect to HTTPS. Without it, a page requested over http:// is served in the clear, and so are the cookies and forms that go with it.',
        example: `SECURE_SSL_REDIRECT = False`,
        useInstead: `SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # when TLS ends at a proxy`,
        notes: [
            'The value must be the bool `True`: like Django, `"true"` or `1` is reported.',
            'With `tls-terminated-by-proxy: true` in the config file the finding is a note: the checklist allows the proxy (nginx, a load balancer) to do the redirect instead.',
            'The seed checklist says that setting both `SECURE_SSL_REDIRECT` and `SECURE_PROXY_SSL_HEADER` causes a redirect loop. Django documents the opposite: a loop happens when the redirect is on behind a TLS proxy *without* a correct proxy header (see `proxy-ssl-header-invalid`).',
        ],
        references: [
            {
                title: 'Django settings: SECURE_SSL_REDIRECT',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect',
            },
            { title: 'SSL redirect', url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect' },
            { title: 'System check security.W008', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

const RECOMMENDED = '("HTTP_X_FORWARDED_PROTO", "https")';
/**
 * Keys of request.META that the server, not a request header, provides under WSGI (`uwsgi_param HTTPS on`,
 * mod_wsgi's HTTPS). A few setups name them in SECURE_PROXY_SSL_HEADER, and it works there, so they are
 * not reported as badly formed header names.
 */
const SERVER_VARIABLES = new Set(['HTTPS', 'REQUEST_SCHEME', 'SERVER_PORT', 'wsgi.url_scheme']);
/** Values a proxy sends to say "secure": what a header name written in second place is swapped with. */
const SECURE_WORDS = /^(https|on|true|1|ssl)$/i;
/** How Django stores a request header in request.META: HTTP_ prefix, upper case, dashes as underscores. */
function metaName(name) {
    const upper = name.trim().toUpperCase().replace(/-/g, '_');
    return upper.startsWith('HTTP_') ? upper : `HTTP_${upper}`;
}
function isMetaHeaderName(name) {
    return /^HTTP_\S+$/.test(name) && name === name.toUpperCase() && !name.includes('-');
}
function pythonString$1(text) {
    return JSON.stringify(text);
}
function fixWith(header, secure = 'https') {
    return `SECURE_PROXY_SSL_HEADER = (${pythonString$1(header)}, ${pythonString$1(secure)})`;
}
function judgeHeader(header, secure, span) {
    if (header.kind === 'unknown' || header.kind === 'either')
        return 'unknown';
    if (header.kind !== 'str') {
        return {
            what: `the header name ${repr(header)} is not a string, so request.META never holds it and the setting never matches`,
            fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
            span,
            neverSecure: true,
        };
    }
    const name = header.value;
    if (secure.kind === 'str' && SECURE_WORDS.test(name.trim()) && /^HTTP_|forwarded|-/i.test(secure.value)) {
        return {
            what: `the pair is reversed: Django reads the first item as the header name and the second as the value that means "secure", so it looks for a header called ${pythonString$1(name)} and the setting never matches`,
            fix: fixWith(metaName(secure.value), name.trim()),
            span,
            neverSecure: true,
        };
    }
    if (SERVER_VARIABLES.has(name) || isMetaHeaderName(name))
        return undefined;
    const suggested = name.trim() === '' || SECURE_WORDS.test(name.trim()) ? 'HTTP_X_FORWARDED_PROTO' : metaName(name);
    const shape = /[a-z-]/.test(name)
        ? `is not in request.META form, so it never matches: Django stores a request header as HTTP_ plus its name in upper case with dashes as underscores (here ${pythonString$1(suggested)})`
        : `lacks the HTTP_ prefix that Django puts on every request header in request.META, so it never matches`;
    return {
        what: `the header name ${pythonString$1(name)} ${shape}`,
        fix: fixWith(suggested, secure.kind === 'str' ? secure.value.trim() || 'https' : 'https'),
        span,
        neverSecure: true,
    };
}
function judgeSecureValue(header, secure, span) {
    if (secure.kind === 'unknown' || secure.kind === 'either')
        return 'unknown';
    const name = header.kind === 'str' && (isMetaHeaderName(header.value) || SERVER_VARIABLES.has(header.value))
        ? header.value
        : 'HTTP_X_FORWARDED_PROTO';
    if (secure.kind !== 'str') {
        return {
            what: `the value ${repr(secure)} is not a string; header values are strings, so no request ever counts as secure`,
            fix: fixWith(name),
            span,
            neverSecure: true,
        };
    }
    const text = secure.value;
    if (text.trim() === '') {
        return {
            what: 'the value that means "secure" is empty, so only a request that carries the header with nothing in it counts as secure',
            fix: fixWith(name),
            span,
            neverSecure: true,
        };
    }
    if (text.trim().toLowerCase() === 'http') {
        return {
            what: `the value that means "secure" is ${pythonString$1(text)}: requests that reached the proxy over plain HTTP count as secure, and HTTPS ones as insecure`,
            fix: fixWith(name),
            span,
            neverSecure: true,
        };
    }
    if (text !== text.trim()) {
        return {
            what: `the value ${pythonString$1(text)} has surrounding spaces, and Django strips them from the header before comparing, so it never matches`,
            fix: fixWith(name, text.trim()),
            span,
            neverSecure: true,
        };
    }
    return undefined;
}
function judge$2(value) {
    if (value.kind === 'unknown' || value.kind === 'either')
        return 'unknown';
    // `if settings.SECURE_PROXY_SSL_HEADER:` in HttpRequest.scheme: a false value switches the setting off.
    if (truthy(value) === false)
        return 'fine';
    const span = value.span;
    const crash = (what) => ({
        what: `${what}; Django unpacks the setting into a header name and a value and, when that fails, raises ImproperlyConfigured ("must be a tuple containing two values") on every request that asks whether it is secure`,
        fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
        span,
        neverSecure: false,
    });
    switch (value.kind) {
        case 'tuple':
        case 'list': {
            const [first, second] = value.items;
            if (value.items.length === 1 && first && (first.kind === 'tuple' || first.kind === 'list')) {
                return crash('it holds one item, a pair wrapped in another tuple (a trailing comma after the closing parenthesis?)');
            }
            if (value.items.length !== 2 || !first || !second) {
                return crash(`it holds ${value.items.length === 1 ? 'one item' : `${value.items.length} items`} instead of two`);
            }
            const header = judgeHeader(first, second, span);
            if (header && header !== 'unknown')
                return header;
            const secure = judgeSecureValue(first, second, span);
            if (secure)
                return secure;
            return header ?? 'fine';
        }
        case 'str':
            // Any two-item iterable unpacks: a two-character string becomes two one-character strings.
            return [...value.value].length === 2
                ? {
                    what: 'it is a two-character string, which Django unpacks into a one-character header name and value that never match',
                    fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
                    span,
                    neverSecure: true,
                }
                : crash('it is a string, not a (header name, value) pair');
        case 'set':
            return {
                what: 'it is a set, whose order changes from one process to the next (string hashes are randomised), so the header name and the value swap places at random',
                fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
                span,
                neverSecure: false,
            };
        case 'dict':
            return value.entries.length === 2
                ? {
                    what: 'it is a dict, and Django unpacks its two keys as the header name and the value, not a key and its value',
                    fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
                    span,
                    neverSecure: true,
                }
                : crash('it is a dict, which unpacks into its keys');
        case 'bool':
        case 'int':
        case 'float':
            return {
                what: `it is not a (header name, value) pair; unpacking ${repr(value)} raises TypeError on every request that asks whether it is secure`,
                fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
                span,
                neverSecure: false,
            };
        default:
            return 'unknown';
    }
}
const proxySslHeaderInvalid = {
    kind: 'settings',
    id: 'proxy-ssl-header-invalid',
    level: 'warning',
    summary: 'SECURE_PROXY_SSL_HEADER is malformed, or missing where a TLS proxy makes SECURE_SSL_REDIRECT loop',
    djangoChecks: [],
    seedItem: 3,
    securitySeverity: 5.3,
    tags: ['security', 'settings', 'https', 'proxy'],
    check({ settings, deployment, report }) {
        const header = settings.get('SECURE_PROXY_SSL_HEADER');
        const redirect = settings.get('SECURE_SSL_REDIRECT');
        const behindProxy = deployment.tlsTerminatedByProxy === true;
        // SecurityMiddleware: `if self.redirect and not request.is_secure()`, so truthiness decides.
        const redirecting = hasMiddleware(settings, SECURITY_MIDDLEWARE) === true && redirect.truthy() === true;
        const verdicts = outcomes(header.value).map(judge$2);
        // Only a problem on every path the model sees is established; an undecided branch is not.
        const [first] = verdicts;
        if (first && first !== 'fine' && first !== 'unknown' && verdicts.every((v) => v !== 'fine' && v !== 'unknown')) {
            const loop = first.neverSecure && behindProxy && redirecting
                ? ` With SECURE_SSL_REDIRECT on behind the TLS proxy, every request is redirected to https:// again, forever.`
                : '';
            report({
                span: first.span,
                setting: 'SECURE_PROXY_SSL_HEADER',
                message: `SECURE_PROXY_SSL_HEADER is ${header.describe()}: ${first.what}.${loop}`,
                fix: first.fix,
            });
            return;
        }
        // The trap Django's docs describe: TLS ends at the proxy, Django sees http:// and redirects forever.
        if (behindProxy && redirecting && header.truthy() === false) {
            report({
                span: header.isAssigned ? header.origin : redirect.origin,
                setting: 'SECURE_PROXY_SSL_HEADER',
                message: `SECURE_SSL_REDIRECT is ${redirect.describe()} while SECURE_PROXY_SSL_HEADER is ${header.describe()}, and TLS ends at a proxy (tls-terminated-by-proxy): every request reaches Django over plain HTTP, so it redirects each one to https:// again, forever ("too many redirects").`,
                fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}, with the proxy setting X-Forwarded-Proto and overwriting any value the client sent`,
            });
        }
    },
    docs: {
        what: 'Checks that `SECURE_PROXY_SSL_HEADER`, when set, is a pair of a `request.META` header name (`"HTTP_X_FORWARDED_PROTO"`) and the non-empty value that means "secure" (`"https"`); and, when the config file says TLS ends at a proxy (`tls-terminated-by-proxy: true`), that it is set whenever `SECURE_SSL_REDIRECT` is on.',
        why: 'Behind a proxy that terminates TLS, every request reaches Django over plain HTTP. Django only knows which ones were HTTPS from the header this setting names, and it matches the name against `request.META`, where `X-Forwarded-Proto` is stored as `HTTP_X_FORWARDED_PROTO`. A name in any other form, or a reversed pair, never matches: `request.is_secure()` is always false, absolute URLs and redirects use `http://`, and `SECURE_SSL_REDIRECT` redirects every request to itself forever. Django runs no check on this setting, and a value that is not a pair fails only when a request arrives, with ImproperlyConfigured.',
        example: `SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")  # header form, never in request.META

# or reversed
SECURE_PROXY_SSL_HEADER = ("https", "HTTP_X_FORWARDED_PROTO")`,
        useInstead: `SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`,
        notes: [
            'The shape follows `HttpRequest.scheme` in `django/http/request.py`: `header, secure_value = settings.SECURE_PROXY_SSL_HEADER`, with ValueError turned into ImproperlyConfigured. Any two-item sequence unpacks, so a two-item list works like the documented tuple and is not reported. One item, three items, a string or a dict fails with ImproperlyConfigured on every request that asks for its scheme (a two-character string or a two-key dict unpacks, into a pair that never matches); a set unpacks in an order that changes between processes; `True` raises TypeError. A false value (`None`, `()`) turns the setting off.',
            'A common slip is a trailing comma, `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"),`, which makes a one-item tuple holding the pair.',
            'Names the server itself puts into `request.META` under WSGI (`HTTPS`, `REQUEST_SCHEME`, `SERVER_PORT`, `wsgi.url_scheme`) are accepted: `("HTTPS", "on")` works with `uwsgi_param HTTPS on`. They do not exist under ASGI.',
            'The value is compared exactly (since Django 4.1, with the first comma-separated entry of the header, stripped). An empty value, `"http"` (which marks plain-HTTP requests as secure), a non-string and a value with surrounding spaces are reported; the case of a non-empty value is not, since a proxy may send any text.',
            'The loop is reported only when the config file says `tls-terminated-by-proxy: true`, SecurityMiddleware is installed and `SECURE_SSL_REDIRECT` is true, since only the deployment knows where TLS ends.',
            'The seed checklist says that setting both `SECURE_SSL_REDIRECT` and `SECURE_PROXY_SSL_HEADER` "causes an infinite redirect loop". Django documents the opposite: both together is the correct setup behind a TLS proxy, and an infinite redirect after turning on `SECURE_SSL_REDIRECT` means the proxy header is missing or wrong. Setting both is therefore never reported; letting the proxy redirect instead (`SECURE_SSL_REDIRECT = False`) is equally fine.',
            'The setting is safe only if the proxy strips or overwrites the header a client sends; otherwise anyone can claim HTTPS. That is proxy configuration, which the scanner cannot see.',
            'When the value comes from an environment read, the default is judged when the variable is unset (the message says so), and the given value with `--env`. A value the scanner cannot evaluate, or one decided by a condition it cannot evaluate, is not reported.',
        ],
        references: [
            {
                title: 'Django settings: SECURE_PROXY_SSL_HEADER',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header',
            },
            {
                title: 'Django settings: SECURE_SSL_REDIRECT',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect',
            },
            { title: 'SSL redirect', url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect' },
            {
                title: 'HttpRequest.scheme (django/http/request.py)',
                url: 'https://github.com/django/django/blob/main/django/http/request.py',
            },
        ],
    },
};

/**
 * What the analysis knows about database APIs by name: which values are cursors, which functions quote
 * identifiers, psycopg's SQL composition, and the parts of Django's model metadata that are schema names.
 */
/**
 * Names people give cursors (`cursor`, `cur`, `db_cursor`, Odoo's `cr`). A receiver so named is taken as a
 * cursor even when the analysis cannot see where it came from: passed in, or stored on `self`.
 */
const CURSOR_NAME = /^_*(db_?)?(cursor|cur|curs|cr)$|_cursor$|^cursor_/i;
function isCursorName(name) {
    return name !== undefined && CURSOR_NAME.test(name);
}
/** Annotations that make a parameter a cursor or a connection with `execute`. */
function isCursorAnnotation(annotation) {
    return annotation !== undefined && /Cursor|\bConnection\b|sqlite3\.Connection|SchemaEditor/.test(annotation);
}
/** Django's schema editor has `execute(sql, params)`, and migrations receive it as `schema_editor`. */
function isSchemaEditorName(name) {
    return name !== undefined && /(^|_)schema_editor$|^editor$/.test(name);
}
/** DB-API `connect()` functions: their connections have `execute()` shortcuts (sqlite3, psycopg 3). */
const CONNECT_FUNCTIONS = new Set([
    'sqlite3.connect',
    'sqlite3.dbapi2.connect',
    'psycopg.connect',
    'psycopg.Connection.connect',
    'psycopg.AsyncConnection.connect',
    'psycopg2.connect',
    'MySQLdb.connect',
    'pymysql.connect',
    'mysql.connector.connect',
    'aiosqlite.connect',
]);
/** Of those, the ones whose cursors take `?` placeholders rather than `%s`. */
const QMARK_CONNECT_FUNCTIONS = new Set(['sqlite3.connect', 'sqlite3.dbapi2.connect', 'aiosqlite.connect']);
/** Functions whose result is a quoted identifier: `connection.ops.quote_name`, the compiler's `qn`. */
const QUOTE_FUNCTIONS = new Set([
    'quote_name',
    'quote_name_unless_alias',
    'qn',
    'qn2',
    'quote_ident',
    'quote_identifier',
]);
/** psycopg's composition classes, by import path. */
function psycopgSqlClass(path) {
    const match = /^psycopg2?\.sql\.(SQL|Identifier|Literal|Placeholder|Composed)$/.exec(path);
    return match?.[1];
}
/** Attributes of `Model._meta` that are lists of fields. */
const META_FIELD_LISTS = new Set([
    'fields',
    'concrete_fields',
    'local_fields',
    'local_concrete_fields',
    'many_to_many',
    'local_many_to_many',
    'private_fields',
]);
/** Methods of `Model._meta` returning fields. */
const META_FIELD_METHODS = new Set(['get_field', 'get_fields']);
/**
 * Methods returning SQL that Django's ORM compiled (`qs.query.sql_with_params()`, `compiler.as_sql()`): its
 * values travel in the params that come with it, so pasting it into a query composes SQL, nothing more.
 */
function isOrmSqlMethod(method, receiverName) {
    if (method === 'as_sql' || method === 'sql_with_params')
        return true;
    if (method === 'compile')
        return /compiler$/i.test(receiverName ?? '');
    // connection.ops.date_trunc_sql(...), sequence_reset_sql(...): the backend's own SQL.
    return method.endsWith('_sql') && receiverName === 'ops';
}
/** `self.request`, and a class-based view's URL arguments, are request data. */
const VIEW_REQUEST_ATTRIBUTES = new Set(['request', 'kwargs', 'args']);

/**
 * The three ways Python fills a template string: `%` formatting, `str.format` and `string.Template`.
 * Each template becomes literal pieces and the fields that take arguments, so the analysis can tell which
 * argument lands where and whether the field can only ever print a number.
 */
const PRINTF_FIELD = /%(?:\((?<name>[^)]*)\))?[#0\- +]*(?<width>\*|\d+)?(?:\.(?<precision>\*|\d+))?[hlL]?(?<conversion>[diouxXeEfFgGcrsa%])/g;
const NUMERIC_PRINTF = new Set([...'diouxXeEfFgG']);
/** Format-spec types that accept only numbers (`c` turns a number into any character, so it is not here). */
const NUMERIC_SPEC = /[bdoxXneEfFgG%]$/;
/** `"... %s ... %(name)d"`: `%%` is a literal percent sign. */
function parsePrintf(template) {
    const pieces = [];
    let index = 0;
    let position = 0;
    for (const match of template.matchAll(PRINTF_FIELD)) {
        const start = match.index ?? 0;
        if (start > position)
            pieces.push({ kind: 'text', text: template.slice(position, start) });
        position = start + match[0].length;
        const { name, width, precision, conversion } = match.groups ?? {};
        if (conversion === '%') {
            pieces.push({ kind: 'text', text: '%' });
            continue;
        }
        // A `*` width or precision takes an argument of its own, before the value.
        if (width === '*')
            index += 1;
        if (precision === '*')
            index += 1;
        pieces.push({ kind: 'field', ref: name ?? index++, numeric: NUMERIC_PRINTF.has(conversion) });
    }
    if (position < template.length)
        pieces.push({ kind: 'text', text: template.slice(position) });
    return pieces;
}
/** `"... {} {0} {name.attr!r:>10}"`: `{{` and `}}` are literal braces. */
function parseFormat(template) {
    const pieces = [];
    let literal = '';
    let auto = 0;
    for (let i = 0; i < template.length; i++) {
        const char = template[i];
        if ((char === '{' || char === '}') && template[i + 1] === char) {
            literal += char;
            i += 1;
            continue;
        }
        if (char !== '{') {
            literal += char;
            continue;
        }
        // Find the closing brace; a spec may nest one level of fields (`{:{width}}`).
        let depth = 1;
        let end = i + 1;
        while (end < template.length && depth > 0) {
            if (template[end] === '{')
                depth += 1;
            else if (template[end] === '}')
                depth -= 1;
            if (depth > 0)
                end += 1;
        }
        const body = template.slice(i + 1, end);
        const colon = body.indexOf(':');
        const spec = colon >= 0 ? body.slice(colon + 1) : '';
        const head = (colon >= 0 ? body.slice(0, colon) : body).replace(/!.*$/, '');
        const argument = /^[^.[]*/.exec(head)[0];
        if (literal)
            pieces.push({ kind: 'text', text: literal });
        literal = '';
        const ref = argument === '' ? auto++ : /^\d+$/.test(argument) ? Number(argument) : argument;
        pieces.push({ kind: 'field', ref, numeric: NUMERIC_SPEC.test(spec) && !body.includes('!') });
        i = end;
    }
    if (literal)
        pieces.push({ kind: 'text', text: literal });
    return pieces;
}
/** Whether an f-string field's format spec can only print numbers (`{n:d}`, `{price:.2f}`). */
function isNumericSpec(spec) {
    return spec !== undefined && NUMERIC_SPEC.test(spec);
}
const TEMPLATE_FIELD = /\$(?:(?<escaped>\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)\})/g;
/** `string.Template("... $name ${other}")`: `$$` is a literal dollar sign. */
function parseStringTemplate(template) {
    const pieces = [];
    let position = 0;
    for (const match of template.matchAll(TEMPLATE_FIELD)) {
        const start = match.index ?? 0;
        if (start > position)
            pieces.push({ kind: 'text', text: template.slice(position, start) });
        position = start + match[0].length;
        const { escaped, named, braced } = match.groups ?? {};
        if (escaped)
            pieces.push({ kind: 'text', text: '$' });
        else
            pieces.push({ kind: 'field', ref: (named ?? braced), numeric: false });
    }
    if (position < template.length)
        pieces.push({ kind: 'text', text: template.slice(position) });
    return pieces;
}

/** Named children without comments: tree-sitter keeps comments as named nodes wherever they appear. */
function childrenOf(node) {
    if (!node)
        return [];
    return node.namedChildren.filter((child) => child !== null && child.type !== 'comment');
}
/** `(x)` is `x`. */
function unwrap(node) {
    let current = node;
    while (current.type === 'parenthesized_expression') {
        const inner = childrenOf(current)[0];
        if (!inner)
            break;
        current = inner;
    }
    return current;
}
function argumentsOf(call) {
    const result = { positional: [], keywords: new Map(), splats: [] };
    const list = call.childForFieldName('arguments');
    // `f(x for x in y)`: the generator is the argument list itself.
    if (list?.type === 'generator_expression') {
        result.positional.push(list);
        return result;
    }
    for (const child of childrenOf(list)) {
        if (child.type === 'keyword_argument') {
            const name = child.childForFieldName('name')?.text;
            const value = child.childForFieldName('value');
            if (name && value)
                result.keywords.set(name, value);
        }
        else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
            const inner = childrenOf(child)[0];
            if (inner)
                result.splats.push(inner);
        }
        else {
            result.positional.push(child);
        }
    }
    return result;
}
/** The argument at `index`, or given by one of `names`. */
function argumentAt(args, index, ...names) {
    for (const name of names) {
        const byName = args.keywords.get(name);
        if (byName)
            return byName;
    }
    return args.positional[index];
}
/** The last name of `a.b.c`, of `c`, or of the function a call calls. */
function lastName(node) {
    if (!node)
        return undefined;
    const current = unwrap(node);
    if (current.type === 'identifier')
        return current.text;
    if (current.type === 'attribute')
        return current.childForFieldName('attribute')?.text;
    if (current.type === 'call')
        return lastName(current.childForFieldName('function'));
    return undefined;
}
/** `a.b.c` for a chain of names, else undefined. */
function dottedName(node) {
    if (!node)
        return undefined;
    const current = unwrap(node);
    if (current.type === 'identifier')
        return current.text;
    if (current.type === 'attribute') {
        const object = dottedName(current.childForFieldName('object'));
        const attribute = current.childForFieldName('attribute')?.text;
        return object && attribute ? `${object}.${attribute}` : undefined;
    }
    return undefined;
}
function isNone(node) {
    return !node || unwrap(node).type === 'none';
}
/** 1-based line of a node, as findings count lines. */
function lineOf(node) {
    return node.startPosition.row + 1;
}
/** Source text for a message: one line, cut at `max` characters. */
function shortText(source, max = 60) {
    const oneLine = source.replace(/\s+/g, ' ').trim();
    return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** More alternatives than this are merged: loops and branches must not make the analysis exponential. */
const MAX_OPTIONS = 8;
/** Strings longer than this many parts (a loop appending forever) are cut and marked approximate. */
const MAX_PARTS = 64;
const text = (parts, approximate = false) => {
    const merged = [];
    for (const part of parts) {
        const last = merged[merged.length - 1];
        if (part.kind === 'lit' && last?.kind === 'lit')
            merged[merged.length - 1] = { kind: 'lit', text: last.text + part.text };
        else if (part.kind !== 'lit' || part.text !== '')
            merged.push(part);
    }
    if (merged.length > MAX_PARTS)
        return { kind: 'text', parts: merged.slice(0, MAX_PARTS), approximate: true };
    return approximate ? { kind: 'text', parts: merged, approximate } : { kind: 'text', parts: merged };
};
const literal = (value) => text([{ kind: 'lit', text: value }]);
const opaque = (origin) => ({ kind: 'opaque', origin });
const safe = (reason) => ({ kind: 'safe', reason });
const seq = (items, more) => more ? { kind: 'seq', items, more } : { kind: 'seq', items };
/** The constant string a value always is, if it is one. */
function constantText(value) {
    if (value.kind !== 'text' || value.parts.some((part) => part.kind === 'hole'))
        return undefined;
    return value.parts.map((part) => (part.kind === 'lit' ? part.text : '')).join('');
}
/** The alternatives of a value (a value that is not an `either` is its own only alternative). */
function alternatives(value) {
    return value.kind === 'either' ? value.options : [value];
}
/** A short structural key: to drop duplicate alternatives after joins, and to cache followed calls. */
function keyOf(value, depth = 0) {
    if (depth > 4)
        return '…';
    switch (value.kind) {
        case 'text':
        case 'sql-composed':
            return `${value.kind}(${value.parts.map((part) => (part.kind === 'lit' ? JSON.stringify(part.text) : `#${part.node.id}${part.fragment ? 'f' : ''}:${keyOf(part.value, depth + 1)}`)).join(',')})`;
        case 'opaque':
            return `opaque(${value.origin.kind}:${'name' in value.origin ? value.origin.name : value.origin.source})`;
        case 'safe':
            return `safe(${value.reason})`;
        case 'seq':
            return `seq(${value.items.map((item) => keyOf(item, depth + 1)).join(',')}${value.more ? `;${keyOf(value.more, depth + 1)}` : ''})`;
        case 'map':
            return `map(${value.entries.map(([k, v]) => `${keyOf(k, depth + 1)}:${keyOf(v, depth + 1)}`).join(',')})`;
        case 'either':
            return `either(${value.options.map((option) => keyOf(option, depth + 1)).join('|')})`;
        case 'template':
            return `template(${keyOf(value.text, depth + 1)})`;
        case 'import':
            return `import(${value.path})`;
        default:
            return value.kind;
    }
}
/**
 * One value that may be any of `values` (branches, loops, `a if c else b`). Past MAX_OPTIONS, the extra
 * alternatives are folded into one approximate string that still carries all their holes, so nothing unsafe
 * is lost; only the exact text of those alternatives is.
 */
function either(values) {
    const options = [];
    const seen = new Set();
    for (const value of values) {
        for (const option of alternatives(value)) {
            const key = keyOf(option);
            if (seen.has(key))
                continue;
            seen.add(key);
            options.push(option);
        }
    }
    if (options.length === 1)
        return options[0];
    if (options.length > MAX_OPTIONS) {
        const kept = options.slice(0, MAX_OPTIONS - 1);
        const rest = options.slice(MAX_OPTIONS - 1);
        const holes = rest.flatMap((option) => holesOf(option));
        const merged = rest.every((option) => option.kind === 'text')
            ? text(holes, true)
            : (rest.find((option) => isUnsafe(option)) ?? rest[0]);
        return { kind: 'either', options: [...kept, merged] };
    }
    return { kind: 'either', options };
}
/** The holes of a string or composition (and of every alternative). */
function holesOf(value) {
    switch (value.kind) {
        case 'text':
        case 'sql-composed':
            return value.parts.filter((part) => part.kind === 'hole');
        case 'either':
            return value.options.flatMap(holesOf);
        default:
            return [];
    }
}
/** Values whose content can be anything the code does not control: opaque values, or anything holding one. */
function isUnsafe(value, depth = 0) {
    if (depth > 8)
        return false;
    switch (value.kind) {
        case 'opaque':
            return true;
        case 'text':
        case 'sql-composed':
            return value.parts.some((part) => part.kind === 'hole' && !part.fragment && isUnsafe(part.value, depth + 1));
        case 'either':
            return value.options.some((option) => isUnsafe(option, depth + 1));
        case 'seq':
            return (value.items.some((item) => isUnsafe(item, depth + 1)) || (value.more ? isUnsafe(value.more, depth + 1) : false));
        case 'map':
            return value.entries.some(([key, item]) => isUnsafe(key, depth + 1) || isUnsafe(item, depth + 1));
        case 'template':
            return isUnsafe(value.text, depth + 1);
        default:
            return false;
    }
}
/** The first origin inside a value, preferring attacker-reachable ones. */
function originOf(value) {
    const found = [];
    const visit = (current, depth) => {
        if (depth > 8)
            return;
        switch (current.kind) {
            case 'opaque':
                found.push(current.origin);
                return;
            case 'text':
            case 'sql-composed':
                for (const part of current.parts)
                    if (part.kind === 'hole' && !part.fragment)
                        visit(part.value, depth + 1);
                return;
            case 'either':
                for (const option of current.options)
                    visit(option, depth + 1);
                return;
            case 'seq':
                for (const item of current.items)
                    visit(item, depth + 1);
                if (current.more)
                    visit(current.more, depth + 1);
                return;
            case 'map':
                for (const [key, item] of current.entries) {
                    visit(key, depth + 1);
                    visit(item, depth + 1);
                }
                return;
            case 'template':
                visit(current.text, depth + 1);
                return;
            default:
                return;
        }
    };
    visit(value, 0);
    return found.find(isTainted) ?? found[0];
}
/** Function parameters, request data and user input: values an attacker may choose. */
function isTainted(origin) {
    return origin.kind !== 'other';
}
/** The value of one element of an iterable: a loop variable, a comprehension's item, a `join` piece. */
function elementOf(value) {
    switch (value.kind) {
        case 'seq': {
            const all = value.more ? [...value.items, value.more] : value.items;
            return all.length ? either(all) : safe('none');
        }
        case 'map':
            return value.entries.length ? either(value.entries.map(([key]) => key)) : safe('none');
        case 'either':
            return either(value.options.map(elementOf));
        case 'text':
            return charactersOf(value) ?? opaqueOrSame(value);
        case 'model-meta':
        case 'model-field':
            return { kind: 'model-field' };
        default:
            return value;
    }
}
/** A constant string's characters, as iterating over it yields them (`",".join("?" * n)`). */
function charactersOf(value) {
    const constant = constantText(value);
    if (constant === undefined)
        return undefined;
    const characters = [...new Set(constant)].slice(0, MAX_OPTIONS);
    return characters.length ? either(characters.map(literal)) : safe('none');
}
/** A value derived from `value` by an operation the analysis does not model: same origin, or "other". */
function opaqueOrSame(value) {
    const origin = originOf(value);
    return origin ? opaque(origin) : safe('none');
}

const DIGIT_CHECKS = new Set(['isdigit', 'isdecimal', 'isnumeric']);
/** The members of a collection of constants (a list, tuple, set, or a dict's keys), if it is one. */
function constantMembers(collection) {
    if (collection.kind !== 'seq' && collection.kind !== 'map')
        return undefined;
    const members = elementOf(collection);
    return alternatives(members).every((member) => !isUnsafe(member)) ? members : undefined;
}
/** Narrows `env` in place to what `condition` being `truth` proves. */
function narrow(condition, truth, env, evaluator) {
    const current = unwrap(condition);
    switch (current.type) {
        case 'not_operator': {
            const argument = current.childForFieldName('argument');
            if (argument)
                narrow(argument, !truth, env, evaluator);
            return;
        }
        case 'boolean_operator': {
            const operator = current.childForFieldName('operator')?.type;
            // Both sides hold only when `a and b` is true, or when `a or b` is false.
            if ((operator === 'and' && truth) || (operator === 'or' && !truth)) {
                for (const side of [current.childForFieldName('left'), current.childForFieldName('right')]) {
                    if (side)
                        narrow(side, truth, env, evaluator);
                }
            }
            return;
        }
        case 'comparison_operator': {
            const operands = childrenOf(current);
            const operator = current.childForFieldName('operators')?.type;
            if (operands.length !== 2 || !operator)
                return;
            const [subject, other] = operands;
            if (subject.type !== 'identifier')
                return;
            const holds = (operator === 'in' || operator === '==') === truth && ['in', 'not in', '==', '!='].includes(operator);
            if (!holds)
                return;
            const value = evaluator.evaluate(other, env);
            if (operator === 'in' || operator === 'not in') {
                const members = constantMembers(value);
                if (members)
                    env.set(subject.text, members);
            }
            else if (constantText(value) !== undefined) {
                env.set(subject.text, value);
            }
            return;
        }
        case 'call': {
            const callee = current.childForFieldName('function');
            if (!truth || !callee)
                return;
            if (callee.type === 'attribute' && DIGIT_CHECKS.has(lastName(callee) ?? '')) {
                const subject = unwrap(callee.childForFieldName('object'));
                if (subject.type === 'identifier')
                    env.set(subject.text, safe('digits-checked'));
                return;
            }
            if (callee.type === 'identifier' && callee.text === 'isinstance') {
                const [subject, kind] = argumentsOf(current).positional;
                if (subject?.type === 'identifier' && kind && /^(int|float|Decimal|bool|\(int, float\))$/.test(kind.text)) {
                    env.set(subject.text, safe('number'));
                }
            }
            return;
        }
        default:
            return;
    }
}

const ESCAPE = /\\(\r?\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\})/g;
function decode(content, raw, formatted) {
    let result = raw
        ? content
        : content.replace(ESCAPE, (sequence) => decodeEscape(sequence.replace('\r\n', '\n')) ?? sequence);
    if (formatted)
        result = result.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return result;
}
/** The pieces of a `string` or `concatenated_string` node, in order, adjacent texts merged. */
function readString(node) {
    const pieces = [];
    const push = (piece) => {
        const last = pieces[pieces.length - 1];
        if (piece.kind === 'text' && last?.kind === 'text')
            pieces[pieces.length - 1] = { kind: 'text', text: last.text + piece.text };
        else
            pieces.push(piece);
    };
    const strings = node.type === 'concatenated_string' ? childrenOf(node) : [node];
    for (const string of strings) {
        if (string.type !== 'string')
            continue;
        let prefix = '';
        for (const child of string.children) {
            if (!child)
                continue;
            if (child.type === 'string_start')
                prefix = child.text.replace(/['"]+$/, '').toLowerCase();
            else if (child.type === 'string_content') {
                push({ kind: 'text', text: decode(child.text, prefix.includes('r'), prefix.includes('f')) });
            }
            else if (child.type === 'interpolation') {
                const expression = child.childForFieldName('expression');
                if (!expression)
                    continue;
                const conversion = child.childForFieldName('type_conversion')?.text.replace(/^!/, '');
                const spec = child.childForFieldName('format_specifier')?.text.replace(/^:/, '');
                push({
                    kind: 'field',
                    expression,
                    ...(conversion ? { conversion } : {}),
                    ...(spec !== undefined ? { spec } : {}),
                });
            }
        }
    }
    return pieces;
}
/** The text of a string literal with no fields, or undefined. */
function literalText(node) {
    if (node.type !== 'string' && node.type !== 'concatenated_string')
        return undefined;
    const pieces = readString(node);
    if (pieces.some((piece) => piece.kind === 'field'))
        return undefined;
    return pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}

/**
 * Names that say a value is itself SQL built elsewhere (`base_sql`, `where_clause`, `subquery`): pasting it
 * into a query composes SQL, it does not interpolate data. Bare `query` is not among them: in views it is
 * usually the search text.
 */
const SQL_FRAGMENT_NAME = /sql|(^|_)(clauses?|stmt|statement|fragment|subquery)$|^(base|raw|inner|sub)_?query$|_query_sql$/i;
function isSqlFragmentName(node) {
    const name = lastName(node);
    return name !== undefined && SQL_FRAGMENT_NAME.test(name);
}
/** The parts a value contributes when it is put into a string; `whole` as in Hole. */
function partsOf(value, node, how, whole = false) {
    const marks = whole ? { whole } : {};
    switch (value.kind) {
        case 'text':
            return [...value.parts];
        case 'safe':
            return value.reason === 'none' ? [{ kind: 'lit', text: 'None' }] : [{ kind: 'hole', value, node, how, ...marks }];
        case 'opaque':
        case 'either': {
            // SQL from elsewhere by its name, unless it is request data or user input (then it is a value, whatever its name).
            const fromOutside = alternatives(value).some((option) => option.kind !== 'opaque' || option.origin.kind === 'request' || option.origin.kind === 'user-input');
            const fragment = !whole && !fromOutside && isSqlFragmentName(node);
            return [{ kind: 'hole', value, node, how, ...marks, ...(fragment ? { fragment } : {}) }];
        }
        default:
            return [{ kind: 'hole', value, node, how, ...marks }];
    }
}
const isApproximate = (values) => values.some((value) => value.kind === 'text' && value.approximate);
/**
 * Builds from every combination of the inputs' alternatives, while there are few; past that, `build` gets
 * the `either` values themselves, which become holes (nothing unsafe is lost, only exact text).
 */
function expand(values, build) {
    const options = values.map(alternatives);
    const count = options.reduce((total, list) => total * list.length, 1);
    if (count === 1 || count > MAX_OPTIONS)
        return build(values);
    let combinations = [[]];
    for (const list of options)
        combinations = combinations.flatMap((prefix) => list.map((option) => [...prefix, option]));
    return either(combinations.map(build));
}
/** `left + right`. */
function concat(left, right) {
    return expand([left.value, right.value], ([l, r]) => {
        if (l.kind === 'seq' && r.kind === 'seq') {
            const more = l.more && r.more ? either([l.more, r.more]) : (l.more ?? r.more);
            return { kind: 'seq', items: [...l.items, ...r.items], ...(more ? { more } : {}) };
        }
        if (l.kind === 'safe' && r.kind === 'safe' && l.reason === 'number' && r.reason === 'number')
            return l;
        if (l.kind === 'sql-composed' || r.kind === 'sql-composed') {
            return { kind: 'sql-composed', parts: [...composedParts(l, left.node), ...composedParts(r, right.node)] };
        }
        const parts = [...partsOf(l, left.node, 'concat'), ...partsOf(r, right.node, 'concat')];
        return text(parts, isApproximate([l, r]));
    });
}
/**
 * A field's value from an argument passed whole: a tuple or dict variable (`% row`, `format_map(values)`,
 * `substitute(mapping)`), or the single value of `"... %s" % value`.
 */
function restItem(rest, ref) {
    switch (rest.kind) {
        case 'map': {
            const hit = rest.entries.find(([key]) => constantText(key) === String(ref));
            return hit ? hit[1] : elementOf(seq(rest.entries.map(([, value]) => value)));
        }
        case 'seq':
            return typeof ref === 'number' && !rest.more && rest.items[ref] ? rest.items[ref] : elementOf(rest);
        case 'either':
            return either(rest.options.map((option) => restItem(option, ref)));
        default:
            return rest;
    }
}
function fill(pieces, args, how) {
    const parts = [];
    const fields = pieces.filter((piece) => piece.kind === 'field').length;
    for (const piece of pieces) {
        if (piece.kind === 'text') {
            parts.push({ kind: 'lit', text: piece.text });
            continue;
        }
        const argument = typeof piece.ref === 'number' ? args.positional[piece.ref] : args.named.get(piece.ref);
        const rest = args.rest;
        // A value taken out of an argument passed whole is named by that argument, unless it is the only field's.
        const whole = !argument && rest !== undefined && (fields > 1 || typeof piece.ref === 'string' || rest.value.kind === 'map');
        const located = argument ?? (rest ? { value: restItem(rest.value, piece.ref), node: rest.node } : undefined);
        if (!located) {
            // A field with no argument raises at run time; nothing reaches the database.
            continue;
        }
        const marks = whole ? { whole } : {};
        if (piece.numeric)
            parts.push({ kind: 'hole', value: safe('number'), node: located.node, how, ...marks });
        else
            parts.push(...partsOf(located.value, located.node, how, whole));
    }
    return parts;
}
/**
 * Fills a template value's literal parts with `parse`; holes already in the template (an f-string, then `%`)
 * stay where they are. An unknown template is a fragment: the arguments are what gets interpolated.
 */
function fillTemplate(template, args, how, parse) {
    return expand([template.value], ([value]) => {
        if (value.kind !== 'text') {
            const unknownTemplate = { kind: 'hole', value: value, node: template.node, how, fragment: true };
            const values = [...args.positional, ...args.named.values(), ...(args.rest ? [args.rest] : [])];
            return text([
                unknownTemplate,
                ...values.flatMap((arg) => [{ kind: 'lit', text: ' ' }, ...partsOf(arg.value, arg.node, how)]),
            ], true);
        }
        // Positional fields count across the literal parts, so each part is filled with the arguments left.
        let consumed = 0;
        const parts = [];
        for (const part of value.parts) {
            if (part.kind === 'hole') {
                parts.push(part);
                continue;
            }
            const pieces = parse(part.text).map((piece) => piece.kind === 'field' && typeof piece.ref === 'number' ? { ...piece, ref: piece.ref + consumed } : piece);
            consumed += pieces.filter((piece) => piece.kind === 'field' && typeof piece.ref === 'number').length;
            parts.push(...fill(pieces, args, how));
        }
        return text(parts, value.approximate);
    });
}
/** `template % args`. */
function percentFormat(template, args) {
    return fillTemplate(template, args, 'percent', parsePrintf);
}
/** `template.format(*args, **kwargs)`. */
function formatCall(template, args) {
    return fillTemplate(template, args, 'format', parseFormat);
}
/** `string.Template(template).substitute(mapping, **kwargs)`. */
function substituteTemplate(template, args) {
    return fillTemplate(template, args, 'template', parseStringTemplate);
}
/**
 * `separator.join(iterable)`. Items written out are joined as they are; items of unknown number (a
 * comprehension, `["%s"] * len(ids)`) appear once, so the result is approximate but keeps every hole.
 */
function join(separator, iterable) {
    return expand([separator.value, iterable.value], ([sep, items]) => {
        const sepParts = partsOf(sep, separator.node, 'join');
        if (items.kind !== 'seq') {
            const element = elementOf(items);
            const parts = partsOf(element, iterable.node, 'join');
            return text([...parts, ...sepParts, ...parts], true);
        }
        const pieces = [...items.items, ...(items.more ? [items.more] : [])];
        const parts = [];
        pieces.forEach((item, index) => {
            if (index > 0)
                parts.push(...sepParts);
            parts.push(...partsOf(item, iterable.node, 'join'));
        });
        return text(parts, Boolean(items.more) || isApproximate([sep, ...pieces]));
    });
}
/** The parts of a psycopg composition operand: compositions splice, anything else is an argument psycopg adapts. */
function composedParts(value, node) {
    if (value.kind === 'sql-composed')
        return [...value.parts];
    if (value.kind === 'text')
        return [...value.parts];
    return [{ kind: 'hole', value: safe('quoted-identifier'), node, how: 'format' }];
}
/** `sql.SQL("... {} ...").format(sql.Identifier(x))` and `sql.SQL(", ").join([...])`. */
function composedFormat(template, args) {
    if (template.kind !== 'sql-composed')
        return template;
    // Format arguments must be Composable (psycopg raises on a str), so only their own holes matter.
    const argumentParts = args.flatMap((arg) => (arg.value.kind === 'sql-composed' ? arg.value.parts : []));
    return { kind: 'sql-composed', parts: [...template.parts, ...argumentParts] };
}

const ALL_CAPS = /^_*[A-Z][A-Z0-9_]*$/;
/** Builtins whose result is a number or a boolean, whatever they are given. */
const NUMERIC_BUILTINS = new Set([
    'int',
    'float',
    'len',
    'abs',
    'round',
    'ord',
    'hash',
    'id',
    'sum',
    'bool',
    'Decimal',
]);
/** String methods that keep a string's content (up to case, padding and whitespace) and its origin. */
const STRING_PRESERVING = new Set([
    'strip',
    'lstrip',
    'rstrip',
    'upper',
    'lower',
    'title',
    'casefold',
    'capitalize',
    'swapcase',
    'replace',
    'removeprefix',
    'removesuffix',
    'expandtabs',
    'encode',
    'decode',
    'ljust',
    'rjust',
    'center',
    'zfill',
]);
const BOOLEAN_METHODS = /^(is\w+|startswith|endswith|__contains__|exists)$/;
const NUMBER_METHODS = new Set(['count', 'index', 'find', 'rfind', 'rowcount', 'lastrowid']);
class Evaluator {
    frame;
    constructor(frame) {
        this.frame = frame;
    }
    evaluate(node, env) {
        const current = unwrap(node);
        switch (current.type) {
            case 'string':
            case 'concatenated_string':
                return this.string(current, env);
            case 'integer':
            case 'float':
                return safe('number');
            case 'true':
            case 'false':
            case 'not_operator':
            case 'comparison_operator':
                return safe('boolean');
            case 'none':
                return safe('none');
            case 'identifier':
                return this.name(current, env);
            case 'attribute':
                return this.attribute(current, env);
            case 'subscript':
                return this.subscript(current, env);
            case 'call':
                return this.call(current, env);
            case 'binary_operator':
                return this.binary(current, env);
            case 'conditional_expression': {
                const [consequence, , alternative] = childrenOf(current);
                return either([consequence, alternative].filter(Boolean).map((branch) => this.evaluate(branch, env)));
            }
            case 'boolean_operator': {
                const left = current.childForFieldName('left');
                const right = current.childForFieldName('right');
                return either([left, right].filter(Boolean).map((side) => this.evaluate(side, env)));
            }
            case 'unary_operator': {
                const argument = this.evaluate(current.childForFieldName('argument'), env);
                return argument.kind === 'safe' ? argument : this.derived(current, [argument]);
            }
            case 'list':
            case 'tuple':
            case 'set':
            case 'expression_list':
                return this.sequence(current, env);
            case 'dictionary':
                return this.dictionary(current, env);
            case 'list_comprehension':
            case 'set_comprehension':
            case 'generator_expression':
            case 'dictionary_comprehension':
                return this.comprehension(current, env);
            case 'await':
                return childrenOf(current)[0] ? this.evaluate(childrenOf(current)[0], env) : safe('none');
            case 'named_expression': {
                const value = current.childForFieldName('value');
                return value ? this.evaluate(value, env) : safe('none');
            }
            default:
                return this.other(current);
        }
    }
    /** A value of unknown content, named by its expression. */
    other(node) {
        return opaque({ kind: 'other', source: node.text, line: lineOf(node) });
    }
    /** A value computed from `sources` by something the analysis does not model: it keeps their origin. */
    derived(node, sources, viaReceiver = false) {
        const origins = sources.map(originOf).filter((origin) => origin !== undefined);
        const origin = origins.find(isTainted) ?? origins[0];
        // Other values are named by the expression that computed them, the closest thing to a reason.
        if (!origin || origin.kind === 'other')
            return this.other(node);
        // Request data read through a chain (`request.GET.get("q")`) is named by the whole read.
        if (viaReceiver && origin.kind !== 'parameter')
            return opaque({ ...origin, source: node.text, line: lineOf(node) });
        return opaque(origin);
    }
    /** A name's value: local, enclosing function, module; builtins and unknown globals are opaque. */
    lookup(name, env) {
        const local = env.get(name) ?? this.frame.outer?.(name);
        if (local)
            return local;
        if (env === this.frame.module.env)
            return undefined;
        if (this.frame.module.rebound.has(name))
            return undefined;
        return this.frame.module.env.get(name);
    }
    name(node, env) {
        const value = this.lookup(node.text, env);
        if (value?.kind === 'import')
            return this.imported(value.path, node);
        return value ?? this.other(node);
    }
    /** The dotted import path an expression names (`sql.SQL` after `from psycopg2 import sql`), if any. */
    importPath(node, env) {
        const current = unwrap(node);
        if (current.type === 'identifier') {
            const value = this.lookup(current.text, env);
            return value?.kind === 'import' ? value.path : undefined;
        }
        if (current.type === 'attribute') {
            const attribute = current.childForFieldName('attribute').text;
            // `Order._meta` is model metadata even when `Order` is imported.
            if (attribute === '_meta')
                return undefined;
            const base = this.importPath(current.childForFieldName('object'), env);
            return base ? `${base}.${attribute}` : undefined;
        }
        return undefined;
    }
    /** What an imported name is worth as data. */
    imported(path, node) {
        if (path === 'sys.argv' || path.startsWith('sys.argv.')) {
            return opaque({ kind: 'user-input', source: node.text, line: lineOf(node) });
        }
        const segments = path.split('.');
        const last = segments[segments.length - 1];
        // Settings may come from the environment; other ALL_CAPS names are constants by convention.
        if (ALL_CAPS.test(last) && !/(^|\.)settings\.[^.]+$/.test(path))
            return safe('imported-constant');
        // An attribute of an imported class (`Status.ACTIVE`, `NotifyLevel.none`) is a class constant.
        const owner = segments[segments.length - 2];
        if (owner && /^[A-Z][A-Za-z0-9]*$/.test(owner) && !ALL_CAPS.test(owner) && last !== 'objects') {
            return safe('imported-constant');
        }
        return this.other(node);
    }
    string(node, env) {
        const pieces = readString(node);
        const fields = pieces.flatMap((piece) => (piece.kind === 'field' ? [piece] : []));
        if (fields.length === 0)
            return literal(literalText(node) ?? '');
        const values = fields.map((field) => isNumericSpec(field.spec) ? safe('number') : this.evaluate(field.expression, env));
        return expand(values, (chosen) => {
            const parts = [];
            let index = 0;
            for (const piece of pieces) {
                if (piece.kind === 'text')
                    parts.push({ kind: 'lit', text: piece.text });
                else
                    parts.push(...partsOf(chosen[index++], piece.expression, 'f-string'));
            }
            return text(parts, chosen.some((value) => value.kind === 'text' && value.approximate));
        });
    }
    selfAttribute(cls, attribute, node) {
        if (VIEW_REQUEST_ATTRIBUTES.has(attribute))
            return opaque({ kind: 'request', source: node.text, line: lineOf(node) });
        const assigned = cls.selfAssignments.get(attribute) ?? [];
        const cursorLike = (expression) => {
            const value = unwrap(expression);
            return value.type === 'call' && ['cursor', 'connect'].includes(lastName(value) ?? '');
        };
        if (isCursorName(attribute) || assigned.some(cursorLike))
            return { kind: 'cursor' };
        const classValue = cls.env.get(attribute);
        const literals = assigned.map((expression) => literalText(unwrap(expression)));
        if (literals.every((value) => value !== undefined)) {
            const options = [...(classValue ? [classValue] : []), ...literals.map((value) => literal(value))];
            if (options.length > 0)
                return either(options);
        }
        return this.other(node);
    }
    attribute(node, env) {
        const objectNode = unwrap(node.childForFieldName('object'));
        const attribute = node.childForFieldName('attribute').text;
        const path = this.importPath(node, env);
        if (path)
            return this.imported(path, node);
        const { cls, selfName } = this.frame;
        if (cls && selfName && objectNode.type === 'identifier' && objectNode.text === selfName) {
            return this.selfAttribute(cls, attribute, node);
        }
        if (objectNode.type === 'identifier' && !this.lookup(objectNode.text, env)) {
            const named = this.frame.module.classes.get(objectNode.text)?.env.get(attribute);
            if (named)
                return named;
        }
        if (attribute === '_meta')
            return { kind: 'model-meta' };
        // A model's primary key is a number (or a UUID): it cannot carry SQL. (`_meta.pk` is the field.)
        if ((attribute === 'pk' || attribute === 'id') && lastName(objectNode) !== '_meta')
            return safe('primary-key');
        if (QUOTE_FUNCTIONS.has(attribute))
            return { kind: 'quote-function' };
        const object = this.evaluate(objectNode, env);
        return this.attributeOf(object, attribute, node);
    }
    attributeOf(object, attribute, node) {
        switch (object.kind) {
            case 'model-meta':
                if (attribute === 'pk')
                    return { kind: 'model-field' };
                if (META_FIELD_LISTS.has(attribute))
                    return seq([], { kind: 'model-field' });
                return safe('model-metadata');
            case 'model-field':
                return safe('model-metadata');
            case 'either':
                return either(object.options.map((option) => this.attributeOf(option, attribute, node)));
            case 'cursor':
                return NUMBER_METHODS.has(attribute) ? safe('number') : this.other(node);
            case 'safe':
                // `obj.pk.hex`, `int(n).real`: what cannot carry SQL still cannot.
                return object.reason === 'none' ? this.other(node) : object;
            default:
                return this.derived(node, [object], true);
        }
    }
    subscript(node, env) {
        const object = this.evaluate(node.childForFieldName('value'), env);
        const keyNode = node.childForFieldName('subscript');
        if (keyNode?.type === 'slice') {
            // `sql[:-5]` trims a trailing " AND ": the text stays, approximately.
            return object.kind === 'text'
                ? text(object.parts, true)
                : object.kind === 'seq'
                    ? object
                    : this.derived(node, [object], true);
        }
        const key = keyNode ? this.evaluate(keyNode, env) : safe('none');
        return this.item(object, key, node);
    }
    item(object, key, node) {
        switch (object.kind) {
            case 'map': {
                const wanted = constantText(key);
                const hit = wanted === undefined ? undefined : object.entries.find(([entryKey]) => constantText(entryKey) === wanted);
                if (hit)
                    return hit[1];
                // An unknown key into a dict of constants picks one of its values: an allow-list lookup.
                return object.entries.length
                    ? either(object.entries.map(([, value]) => value))
                    : this.derived(node, [object], true);
            }
            case 'seq':
                return elementOf(object);
            case 'text':
                return charactersOf(object) ?? this.derived(node, [object], true);
            case 'either':
                return either(object.options.map((option) => this.item(option, key, node)));
            case 'model-meta':
            case 'model-field':
                return safe('model-metadata');
            case 'safe':
                // `as_sql()` returns (sql, params): both parts are the ORM's.
                return object.reason === 'orm-sql' ? object : this.derived(node, [object], true);
            default:
                return this.derived(node, [object], true);
        }
    }
    sequence(node, env) {
        const items = [];
        const more = [];
        for (const child of childrenOf(node)) {
            if (child.type === 'list_splat' || child.type === 'parenthesized_list_splat') {
                const inner = childrenOf(child)[0];
                if (inner) {
                    const splatted = this.evaluate(inner, env);
                    if (splatted.kind === 'seq') {
                        items.push(...splatted.items);
                        if (splatted.more)
                            more.push(splatted.more);
                    }
                    else
                        more.push(elementOf(splatted));
                }
            }
            else
                items.push(this.evaluate(child, env));
        }
        return seq(items, more.length ? either(more) : undefined);
    }
    dictionary(node, env) {
        const entries = [];
        for (const child of childrenOf(node)) {
            if (child.type !== 'pair')
                continue;
            const key = child.childForFieldName('key');
            const value = child.childForFieldName('value');
            if (key && value)
                entries.push([this.evaluate(key, env), this.evaluate(value, env)]);
        }
        return { kind: 'map', entries };
    }
    /**
     * `[f"{c} = %s" for c in columns if c in ALLOWED]`: one item, evaluated with the loop variables bound to an
     * element and narrowed by the conditions.
     */
    comprehension(node, env) {
        const scope = new Map(env);
        for (const clause of childrenOf(node)) {
            if (clause.type === 'if_clause') {
                const condition = childrenOf(clause)[0];
                if (condition)
                    narrow(condition, true, scope, this);
                continue;
            }
            if (clause.type !== 'for_in_clause')
                continue;
            const left = clause.childForFieldName('left');
            const right = clause.childForFieldName('right');
            if (left && right)
                this.bind(left, elementOf(this.evaluate(right, scope)), scope);
        }
        const body = node.childForFieldName('body');
        if (!body)
            return seq([]);
        if (body.type === 'pair') {
            const key = body.childForFieldName('key');
            const value = body.childForFieldName('value');
            return { kind: 'map', entries: key && value ? [[this.evaluate(key, scope), this.evaluate(value, scope)]] : [] };
        }
        return seq([], this.evaluate(body, scope));
    }
    /** Binds an assignment or loop target (`x`, `a, b`, `[first, *rest]`) to a value. */
    bind(target, value, env) {
        const current = unwrap(target);
        switch (current.type) {
            case 'identifier':
                env.set(current.text, value);
                return;
            case 'pattern_list':
            case 'tuple_pattern':
            case 'list_pattern':
            case 'tuple':
            case 'list':
            case 'expression_list': {
                const targets = childrenOf(current);
                targets.forEach((item, index) => {
                    if (item.type === 'list_splat_pattern' || item.type === 'list_splat') {
                        const name = childrenOf(item)[0];
                        if (name)
                            this.bind(name, seq([], elementOf(value)), env);
                    }
                    else
                        this.bind(item, this.itemAt(value, index, targets.length), env);
                });
                return;
            }
            default:
                return;
        }
    }
    /** The `index`th of `count` values unpacked from `value`. */
    itemAt(value, index, count) {
        if (value.kind === 'seq' && !value.more && value.items.length === count)
            return value.items[index];
        if (value.kind === 'either')
            return either(value.options.map((option) => this.itemAt(option, index, count)));
        return elementOf(value);
    }
    binary(node, env) {
        const leftNode = node.childForFieldName('left');
        const rightNode = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text;
        if (operator === '+') {
            return concat({ value: this.evaluate(leftNode, env), node: leftNode }, { value: this.evaluate(rightNode, env), node: rightNode });
        }
        if (operator === '%') {
            const left = this.evaluate(leftNode, env);
            const isText = alternatives(left).some((option) => option.kind === 'text');
            // `x % y` with `x` unknown is a format when `y` is shaped like format arguments or `x` is named like SQL.
            const rightShape = unwrap(rightNode).type;
            const formatting = ['tuple', 'dictionary', 'string', 'concatenated_string'].includes(rightShape);
            const template = isSqlFragmentName(leftNode) || /query|template|fmt|format/i.test(lastName(leftNode) ?? '');
            const unknown = alternatives(left).every((option) => option.kind === 'opaque');
            if (isText || (unknown && (formatting || template))) {
                return percentFormat({ value: left, node: leftNode }, this.templateArguments(rightNode, env));
            }
            return safe('number');
        }
        if (operator === '*') {
            const left = this.evaluate(leftNode, env);
            const right = this.evaluate(rightNode, env);
            const repeated = left.kind === 'seq' || left.kind === 'text' ? left : right;
            if (repeated.kind === 'seq')
                return seq([], elementOf(repeated));
            if (repeated.kind === 'text')
                return text(repeated.parts, true);
            return safe('number');
        }
        return safe('number');
    }
    /** The right operand of `%`: a tuple fills fields in order, a dict fills named fields, anything else is one value. */
    templateArguments(node, env) {
        const current = unwrap(node);
        if (current.type === 'tuple') {
            return {
                positional: childrenOf(current).map((item) => ({ value: this.evaluate(item, env), node: item })),
                named: new Map(),
            };
        }
        if (current.type === 'dictionary') {
            const named = new Map();
            for (const pair of childrenOf(current)) {
                const key = pair.childForFieldName('key');
                const value = pair.childForFieldName('value');
                const name = key ? literalText(unwrap(key)) : undefined;
                if (name !== undefined && value)
                    named.set(name, { value: this.evaluate(value, env), node: value });
            }
            return { positional: [], named };
        }
        // A variable holding the tuple or dict: its items fill the fields, named by the variable (see Hole.whole).
        return { positional: [], named: new Map(), rest: { value: this.evaluate(current, env), node: current } };
    }
    /** Arguments of a call, evaluated. */
    callArguments(call, env) {
        const args = argumentsOf(call);
        const named = new Map();
        for (const [name, node] of args.keywords)
            named.set(name, { value: this.evaluate(node, env), node });
        const splat = args.splats[0];
        return {
            positional: args.positional.map((node) => ({ value: this.evaluate(node, env), node })),
            named,
            ...(splat ? { rest: { value: this.evaluate(splat, env), node: splat } } : {}),
        };
    }
    /** The same-module function a call calls, if it is one: a module-level function, or a method through `self`. */
    sameModuleTarget(callee, env) {
        const { module, cls, selfName } = this.frame;
        if (callee.type === 'identifier') {
            if (env !== module.env && (env.has(callee.text) || this.frame.outer?.(callee.text)))
                return undefined;
            const fn = module.functions.get(callee.text);
            return fn ? { fn } : undefined;
        }
        if (callee.type !== 'attribute')
            return undefined;
        const objectNode = unwrap(callee.childForFieldName('object'));
        const method = callee.childForFieldName('attribute').text;
        if (cls && selfName && objectNode.type === 'identifier' && objectNode.text === selfName) {
            const fn = cls.methods.get(method);
            return fn ? { fn, self: env.get(selfName) } : undefined;
        }
        if (objectNode.type === 'identifier' && !this.lookup(objectNode.text, env)) {
            const fn = module.classes.get(objectNode.text)?.methods.get(method);
            return fn ? { fn } : undefined;
        }
        return undefined;
    }
    call(node, env) {
        const callee = unwrap(node.childForFieldName('function'));
        const name = lastName(callee);
        if (name && QUOTE_FUNCTIONS.has(name))
            return safe('quoted-identifier');
        const path = this.importPath(callee, env);
        if (path) {
            const imported = this.importedCall(path, node, env);
            if (imported)
                return imported;
        }
        const target = this.sameModuleTarget(callee, env);
        if (target && this.frame.follow) {
            const result = this.frame.follow(target, this.callArguments(node, env));
            if (result)
                return result;
        }
        if (callee.type === 'identifier')
            return this.builtinCall(callee.text, node, env);
        if (callee.type === 'attribute') {
            const method = callee.childForFieldName('attribute').text;
            const receiverNode = callee.childForFieldName('object');
            if (isOrmSqlMethod(method, lastName(receiverNode)))
                return safe('orm-sql');
            const receiver = this.evaluate(receiverNode, env);
            // A cursor takes the placeholder style of the connection it comes from.
            if (method === 'cursor')
                return receiver.kind === 'cursor' ? receiver : { kind: 'cursor' };
            return this.methodCall(receiver, method, node, env);
        }
        return this.derived(node, [this.evaluate(callee, env)]);
    }
    importedCall(path, node, env) {
        if (QMARK_CONNECT_FUNCTIONS.has(path))
            return { kind: 'cursor', paramstyle: 'qmark' };
        if (CONNECT_FUNCTIONS.has(path))
            return { kind: 'cursor' };
        const args = argumentsOf(node);
        const first = args.positional[0];
        if (path === 'string.Template')
            return { kind: 'template', text: first ? this.evaluate(first, env) : literal('') };
        if (path === 'textwrap.dedent' || path === 'inspect.cleandoc')
            return first ? this.evaluate(first, env) : literal('');
        const composition = psycopgSqlClass(path);
        if (composition === 'SQL') {
            const value = first ? this.evaluate(first, env) : literal('');
            return { kind: 'sql-composed', parts: first ? partsOf(value, first, 'concat') : [] };
        }
        if (composition === 'Composed') {
            const value = first ? this.evaluate(first, env) : seq([]);
            const items = value.kind === 'seq' ? value.items : [];
            return { kind: 'sql-composed', parts: items.flatMap((item) => (item.kind === 'sql-composed' ? item.parts : [])) };
        }
        if (composition)
            return { kind: 'sql-composed', parts: [] };
        return undefined;
    }
    builtinCall(name, node, env) {
        const args = argumentsOf(node);
        const first = args.positional[0];
        const value = this.lookup(name, env);
        if (value?.kind === 'quote-function')
            return safe('quoted-identifier');
        if (value)
            return this.derived(node, [value, ...args.positional.map((arg) => this.evaluate(arg, env))]);
        if (NUMERIC_BUILTINS.has(name))
            return safe(name === 'bool' ? 'boolean' : 'number');
        if (name === 'input')
            return opaque({ kind: 'user-input', source: node.text, line: lineOf(node) });
        if (name === 'str')
            return first ? this.evaluate(first, env) : literal('');
        if (['list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed'].includes(name)) {
            if (!first)
                return seq([]);
            const iterable = this.evaluate(first, env);
            return iterable.kind === 'seq' ? iterable : seq([], elementOf(iterable));
        }
        if (name === 'range')
            return seq([], safe('number'));
        if (name === 'enumerate' && first)
            return seq([], seq([safe('number'), elementOf(this.evaluate(first, env))]));
        if (name === 'zip')
            return seq([], seq(args.positional.map((arg) => elementOf(this.evaluate(arg, env)))));
        if (name === 'map' && args.positional.length >= 2) {
            const fn = unwrap(args.positional[0]);
            const items = elementOf(this.evaluate(args.positional[1], env));
            if (fn.type === 'identifier' && NUMERIC_BUILTINS.has(fn.text))
                return seq([], safe('number'));
            if (fn.type === 'identifier' && fn.text === 'str')
                return seq([], items);
            if (QUOTE_FUNCTIONS.has(lastName(fn) ?? ''))
                return seq([], safe('quoted-identifier'));
            return seq([], this.derived(node, [items]));
        }
        if (name === 'dict' && first)
            return this.evaluate(first, env);
        return this.derived(node, args.positional.map((arg) => this.evaluate(arg, env)));
    }
    methodCall(receiver, method, node, env) {
        if (receiver.kind === 'either') {
            return either(receiver.options.map((option) => this.methodCall(option, method, node, env)));
        }
        const receiverNode = node.childForFieldName('function').childForFieldName('object');
        const args = () => this.callArguments(node, env);
        switch (receiver.kind) {
            case 'text':
                if (method === 'format')
                    return formatCall({ value: receiver, node: receiverNode }, args());
                if (method === 'format_map') {
                    const mapping = args().positional[0];
                    return formatCall({ value: receiver, node: receiverNode }, { positional: [], named: new Map(), ...(mapping ? { rest: mapping } : {}) });
                }
                if (method === 'join') {
                    const iterable = args().positional[0];
                    return iterable ? join({ value: receiver, node: receiverNode }, iterable) : literal('');
                }
                if (STRING_PRESERVING.has(method))
                    return receiver;
                if (method === 'split' || method === 'splitlines')
                    return seq([], elementOf(receiver));
                break;
            case 'template':
                if (method === 'substitute' || method === 'safe_substitute') {
                    const given = args();
                    const mapping = given.positional[0];
                    return substituteTemplate({ value: receiver.text, node: receiverNode }, {
                        positional: [],
                        named: given.named,
                        ...(mapping ? { rest: mapping } : {}),
                    });
                }
                break;
            case 'sql-composed':
                if (method === 'format') {
                    const given = args();
                    return composedFormat(receiver, [...given.positional, ...given.named.values()]);
                }
                if (method === 'join') {
                    const items = args().positional[0];
                    const parts = items ? elementOf(items.value) : seq([]);
                    return composedFormat(receiver, [{ value: parts, node: items?.node ?? receiverNode }]);
                }
                if (method === 'as_string')
                    return text(receiver.parts);
                return receiver;
            case 'map':
                if (method === 'get') {
                    const [key, fallback] = args().positional;
                    const found = key ? this.item(receiver, key.value, node) : safe('none');
                    return fallback ? either([found, fallback.value]) : found;
                }
                if (method === 'items')
                    return seq(receiver.entries.map(([key, value]) => seq([key, value])));
                if (method === 'keys')
                    return seq(receiver.entries.map(([key]) => key));
                if (method === 'values')
                    return seq(receiver.entries.map(([, value]) => value));
                if (method === 'copy')
                    return receiver;
                break;
            case 'seq':
                if (method === 'copy')
                    return receiver;
                if (method === 'pop')
                    return elementOf(receiver);
                break;
            case 'model-meta':
                if (META_FIELD_METHODS.has(method))
                    return method === 'get_fields' ? seq([], { kind: 'model-field' }) : { kind: 'model-field' };
                return safe('model-metadata');
            case 'model-field':
                return safe('model-metadata');
            case 'quote-function':
                return safe('quoted-identifier');
            case 'safe':
                if (receiver.reason !== 'none' && receiver.reason !== 'boolean')
                    return receiver;
                break;
        }
        if (BOOLEAN_METHODS.test(method))
            return safe('boolean');
        if (NUMBER_METHODS.has(method))
            return safe('number');
        if (method === 'quote_name')
            return safe('quoted-identifier');
        return this.derived(node, [receiver, ...this.argumentValues(node, env)], receiver.kind === 'opaque');
    }
    argumentValues(node, env) {
        const args = this.callArguments(node, env);
        return [...args.positional, ...args.named.values(), ...(args.rest ? [args.rest] : [])].map((arg) => arg.value);
    }
}

/** The function or class a definition (possibly decorated) defines. */
function definitionOf(node) {
    if (node.type === 'function_definition' || node.type === 'class_definition')
        return node;
    if (node.type === 'decorated_definition')
        return node.childForFieldName('definition') ?? undefined;
    return undefined;
}
function readParameters(definition) {
    const params = [];
    for (const param of childrenOf(definition.childForFieldName('parameters'))) {
        switch (param.type) {
            case 'identifier':
                params.push({ name: param.text, kind: 'plain' });
                break;
            case 'typed_parameter': {
                const inner = childrenOf(param)[0];
                const annotation = param.childForFieldName('type')?.text;
                if (inner?.type === 'identifier')
                    params.push({ name: inner.text, kind: 'plain', annotation });
                else if (inner?.type === 'list_splat_pattern')
                    params.push({ name: childrenOf(inner)[0]?.text ?? '', kind: 'args' });
                else if (inner?.type === 'dictionary_splat_pattern') {
                    params.push({ name: childrenOf(inner)[0]?.text ?? '', kind: 'kwargs' });
                }
                break;
            }
            case 'default_parameter':
            case 'typed_default_parameter': {
                const name = param.childForFieldName('name')?.text;
                const value = param.childForFieldName('value') ?? undefined;
                const annotation = param.childForFieldName('type')?.text;
                if (name)
                    params.push({ name, kind: 'plain', default: value, annotation });
                break;
            }
            case 'list_splat_pattern':
                params.push({ name: childrenOf(param)[0]?.text ?? '', kind: 'args' });
                break;
            case 'dictionary_splat_pattern':
                params.push({ name: childrenOf(param)[0]?.text ?? '', kind: 'kwargs' });
                break;
        }
    }
    return params.filter((param) => param.name !== '');
}
function functionFacts(node, cls) {
    const name = node.childForFieldName('name')?.text;
    if (!name)
        return undefined;
    return { node, name, params: readParameters(node), ...(cls ? { cls } : {}) };
}
function classFacts(node) {
    const name = node.childForFieldName('name')?.text;
    if (!name)
        return undefined;
    const cls = {
        node,
        name,
        bases: node.childForFieldName('superclasses')?.text ?? '',
        methods: new Map(),
        env: new Map(),
        selfAssignments: new Map(),
    };
    for (const statement of childrenOf(node.childForFieldName('body'))) {
        const definition = definitionOf(statement);
        if (definition?.type !== 'function_definition')
            continue;
        const method = functionFacts(definition, cls);
        if (!method)
            continue;
        cls.methods.set(method.name, method);
        const self = method.params[0]?.name;
        if (!self)
            continue;
        for (const assignment of definition.descendantsOfType('assignment')) {
            const left = assignment?.childForFieldName('left');
            const right = assignment?.childForFieldName('right');
            if (left?.type !== 'attribute' || !right || left.childForFieldName('object')?.text !== self)
                continue;
            const attribute = left.childForFieldName('attribute').text;
            cls.selfAssignments.set(attribute, [...(cls.selfAssignments.get(attribute) ?? []), right]);
        }
    }
    return cls;
}
/** The module's functions and classes; module-level values come later, from running the module body. */
function readModuleScope(root) {
    const scope = { functions: new Map(), classes: new Map(), env: new Map(), rebound: new Set() };
    const visit = (statements) => {
        for (const statement of statements) {
            const definition = definitionOf(statement);
            if (definition?.type === 'function_definition') {
                const facts = functionFacts(definition);
                if (facts)
                    scope.functions.set(facts.name, facts);
            }
            else if (definition?.type === 'class_definition') {
                const facts = classFacts(definition);
                if (facts)
                    scope.classes.set(facts.name, facts);
            }
            else if (['if_statement', 'try_statement'].includes(statement.type)) {
                // Definitions under `if TYPE_CHECKING:` or `try: ... except ImportError:` are still module-level.
                for (const block of statement.descendantsOfType('block')) {
                    if (block?.parent === statement || block?.parent?.parent === statement)
                        visit(childrenOf(block));
                }
            }
        }
    };
    visit(childrenOf(root));
    for (const statement of root.descendantsOfType('global_statement')) {
        for (const name of childrenOf(statement))
            scope.rebound.add(name.text);
    }
    return scope;
}
function decoratorNames(definition) {
    const parent = definition.parent;
    if (parent?.type !== 'decorated_definition')
        return [];
    return childrenOf(parent)
        .filter((child) => child.type === 'decorator')
        .map((decorator) => decorator.text.replace(/^@\s*/, ''));
}
/** The name a method's first parameter binds (`self`, `cls`); undefined for functions and static methods. */
function selfNameOf(fn) {
    if (!fn.cls || decoratorNames(fn.node).includes('staticmethod'))
        return undefined;
    return fn.params[0]?.kind === 'plain' ? fn.params[0].name : undefined;
}
/** What a parameter is worth before anything is known of the caller. */
function parameterValue(param, node) {
    const origin = { kind: 'parameter', name: param.name };
    if (param.kind === 'args')
        return seq([], opaque(origin));
    if (param.kind === 'kwargs')
        return opaque(origin);
    if (isCursorAnnotation(param.annotation) || isCursorName(param.name) || isSchemaEditorName(param.name)) {
        return { kind: 'cursor' };
    }
    if (param.name === 'request' || /Request\b/.test(param.annotation ?? '')) {
        return opaque({ kind: 'request', source: param.name, line: lineOf(node) });
    }
    return opaque(origin);
}

function moduleText(node) {
    if (!node)
        return '';
    if (node.type === 'relative_import')
        return node.text.replace(/\s+/g, '');
    return dottedName(node) ?? node.text;
}
/** The bindings of an `import` or `from ... import` statement (star imports bind nothing the analysis can name). */
function importBindings(statement) {
    const bindings = [];
    if (statement.type === 'import_statement') {
        for (const name of statement.childrenForFieldName('name')) {
            if (name.type === 'aliased_import') {
                const alias = name.childForFieldName('alias')?.text;
                const path = moduleText(name.childForFieldName('name'));
                if (alias)
                    bindings.push({ local: alias, path });
            }
            else {
                // `import a.b.c` binds `a`; the rest is reached through attributes.
                const path = moduleText(name);
                bindings.push({ local: path.split('.')[0], path: path.split('.')[0] });
            }
        }
    }
    else if (statement.type === 'import_from_statement') {
        const from = moduleText(statement.childForFieldName('module_name'));
        const join = (name) => (from.endsWith('.') ? `${from}${name}` : `${from}.${name}`);
        for (const name of statement.childrenForFieldName('name')) {
            if (name.type === 'aliased_import') {
                const alias = name.childForFieldName('alias')?.text;
                const imported = moduleText(name.childForFieldName('name'));
                if (alias)
                    bindings.push({ local: alias, path: join(imported) });
            }
            else {
                const imported = moduleText(name);
                bindings.push({ local: imported, path: join(imported) });
            }
        }
    }
    return bindings;
}

/** A list grows by `append` in a loop; past this many items, the rest are summarised as `more`. */
const MAX_ITEMS = 16;
/** A body longer than this many statement runs (nested loops over a huge function) stops being followed. */
const STATEMENT_BUDGET = 20_000;
/** Statements that hold no calls of interest in their own syntax and do not change variables. */
const INERT = new Set(['pass_statement', 'global_statement', 'nonlocal_statement', 'comment', 'ellipsis']);
function joinEnvs(envs) {
    if (envs.length === 1)
        return new Map(envs[0]);
    const joined = new Map();
    const names = new Set(envs.flatMap((env) => [...env.keys()]));
    for (const name of names) {
        const values = envs.map((env) => env.get(name)).filter((value) => value !== undefined);
        joined.set(name, either(values));
    }
    return joined;
}
function joinStates(states, fallback) {
    const live = states.filter((state) => state.live);
    if (live.length === 0)
        return { env: fallback, live: false };
    return { env: joinEnvs(live.map((state) => state.env)), live: true };
}
/** `items.append(x)` and friends, on a list or dict the function built itself. */
function mutated(container, method, args) {
    if (container.kind === 'either') {
        const options = container.options.map((option) => mutated(option, method, args) ?? option);
        return either(options);
    }
    if (container.kind === 'seq') {
        const add = (items, more) => {
            const all = [...container.items, ...items];
            const overflow = all.slice(MAX_ITEMS);
            const extra = [...overflow, ...(container.more ? [container.more] : []), ...(more ? [more] : [])];
            return seq(all.slice(0, MAX_ITEMS), extra.length ? either(extra) : undefined);
        };
        if (method === 'append' || method === 'add')
            return args[0] ? add([args[0]]) : undefined;
        if (method === 'insert')
            return args[1] ? add([args[1]]) : undefined;
        if (method === 'extend' || method === 'update') {
            const other = args[0];
            if (!other)
                return undefined;
            return other.kind === 'seq' ? add([...other.items], other.more) : add([], elementOf(other));
        }
        return undefined;
    }
    if (container.kind === 'map') {
        if (method === 'update' && args[0]?.kind === 'map')
            return { kind: 'map', entries: [...container.entries, ...args[0].entries] };
        if (method === 'setdefault' && args[0] && args[1])
            return { kind: 'map', entries: [...container.entries, [args[0], args[1]]] };
    }
    return undefined;
}
class StatementFlow {
    evaluator;
    hooks;
    steps = 0;
    loops = [];
    /** What `return` statements returned, for following calls into helpers. */
    returns = [];
    constructor(evaluator, hooks = {}) {
        this.evaluator = evaluator;
        this.hooks = hooks;
    }
    run(statements, env) {
        return this.block(statements, { env, live: true });
    }
    evaluate(node, env) {
        return this.evaluator.evaluate(node, env);
    }
    /**
     * Reports the calls in an expression, outermost first. Nested blocks are not entered; a lambda's body is, with
     * its parameters bound as a function's are.
     */
    visitCalls(node, env) {
        if (!node || !this.hooks.call)
            return;
        const stack = [node];
        while (stack.length > 0) {
            const current = stack.pop();
            if (current.type === 'block')
                continue;
            if (current.type === 'lambda') {
                const scope = new Map(env);
                for (const param of readParameters(current))
                    scope.set(param.name, parameterValue(param, current));
                this.visitCalls(current.childForFieldName('body'), scope);
                continue;
            }
            if (current.type === 'call')
                this.hooks.call(current, env);
            const children = childrenOf(current);
            for (let i = children.length - 1; i >= 0; i--)
                stack.push(children[i]);
        }
    }
    block(statements, state) {
        let current = state;
        for (const statement of statements) {
            if (!current.live)
                break;
            if (++this.steps > STATEMENT_BUDGET)
                return { env: current.env, live: false };
            current = this.statement(statement, current);
        }
        return current;
    }
    body(node, state) {
        return this.block(childrenOf(node), state);
    }
    statement(node, state) {
        const { env } = state;
        switch (node.type) {
            case 'expression_statement':
                this.visitCalls(node, env);
                for (const expression of childrenOf(node))
                    this.expression(expression, env);
                return state;
            case 'return_statement': {
                this.visitCalls(node, env);
                const value = childrenOf(node)[0];
                this.returns.push(value ? this.evaluate(value, env) : safe('none'));
                return { env, live: false };
            }
            case 'raise_statement':
                this.visitCalls(node, env);
                return { env, live: false };
            case 'break_statement':
                this.loops[this.loops.length - 1]?.breaks.push(new Map(env));
                return { env, live: false };
            case 'continue_statement':
                this.loops[this.loops.length - 1]?.continues.push(new Map(env));
                return { env, live: false };
            case 'if_statement':
                return this.ifStatement(node, state);
            case 'for_statement':
            case 'while_statement':
                return this.loop(node, state);
            case 'try_statement':
                return this.tryStatement(node, state);
            case 'with_statement':
                return this.withStatement(node, state);
            case 'match_statement':
                return this.matchStatement(node, state);
            case 'assert_statement': {
                this.visitCalls(node, env);
                const condition = childrenOf(node)[0];
                if (condition)
                    narrow(condition, true, env, this.evaluator);
                return state;
            }
            case 'import_statement':
            case 'import_from_statement':
                for (const binding of importBindings(node))
                    env.set(binding.local, { kind: 'import', path: binding.path });
                return state;
            case 'function_definition':
            case 'class_definition':
            case 'decorated_definition': {
                const definition = definitionOf(node);
                if (node.type === 'decorated_definition') {
                    for (const decorator of childrenOf(node))
                        if (decorator.type === 'decorator')
                            this.visitCalls(decorator, env);
                }
                if (definition) {
                    this.hooks.definition?.(definition, env);
                    // In a function the name now holds a local definition, which the analysis does not follow.
                    const name = definition.childForFieldName('name');
                    if (name && env !== this.evaluator.frame.module.env)
                        env.set(name.text, { kind: 'opaque', origin: { kind: 'other', source: name.text, line: lineOf(name) } });
                }
                return state;
            }
            default:
                if (!INERT.has(node.type))
                    this.visitCalls(node, env);
                return state;
        }
    }
    /** Assignments, augmented assignments and container mutations in an expression statement. */
    expression(node, env) {
        if (node.type === 'assignment') {
            const targets = [];
            let current = node;
            while (current?.type === 'assignment') {
                const left = current.childForFieldName('left');
                if (left)
                    targets.push(left);
                current = current.childForFieldName('right');
            }
            if (!current)
                return;
            const value = this.evaluate(current, env);
            for (const target of targets)
                this.assign(target, value, env);
            return;
        }
        if (node.type === 'augmented_assignment') {
            const left = node.childForFieldName('left');
            const right = node.childForFieldName('right');
            const operator = node.childForFieldName('operator')?.text;
            if (left?.type !== 'identifier' || !right)
                return;
            const before = this.evaluate(left, env);
            const operand = this.evaluate(right, env);
            if (operator === '+=')
                env.set(left.text, concat({ value: before, node: left }, { value: operand, node: right }));
            else if (operator === '%=') {
                env.set(left.text, percentFormat({ value: before, node: left }, { positional: [{ value: operand, node: right }], named: new Map() }));
            }
            else
                env.set(left.text, before.kind === 'safe' ? before : safe('number'));
            return;
        }
        if (node.type === 'call') {
            const callee = node.childForFieldName('function');
            const object = callee?.type === 'attribute' ? unwrap(callee.childForFieldName('object')) : undefined;
            if (object?.type !== 'identifier' || !env.has(object.text))
                return;
            const method = callee.childForFieldName('attribute').text;
            const args = this.evaluator.callArguments(node, env).positional.map((arg) => arg.value);
            const updated = mutated(env.get(object.text), method, args);
            if (updated)
                env.set(object.text, updated);
        }
    }
    assign(target, value, env) {
        const current = unwrap(target);
        if (current.type === 'subscript') {
            // `select["total"] = "SUM(amount)"` on a dict (or list) the function built.
            const container = unwrap(current.childForFieldName('value'));
            const keyNode = current.childForFieldName('subscript');
            const existing = container.type === 'identifier' ? env.get(container.text) : undefined;
            if (existing?.kind === 'map' && keyNode) {
                env.set(container.text, { kind: 'map', entries: [...existing.entries, [this.evaluate(keyNode, env), value]] });
            }
            else if (existing?.kind === 'seq') {
                env.set(container.text, mutated(existing, 'append', [value]));
            }
            return;
        }
        this.evaluator.bind(current, value, env);
    }
    ifStatement(node, state) {
        const branches = [];
        const rest = new Map(state.env);
        let condition = node.childForFieldName('condition');
        let consequence = node.childForFieldName('consequence');
        const alternatives = node.childrenForFieldName('alternative');
        let index = 0;
        for (;;) {
            if (condition)
                this.visitCalls(condition, rest);
            const taken = new Map(rest);
            if (condition) {
                narrow(condition, true, taken, this.evaluator);
                narrow(condition, false, rest, this.evaluator);
            }
            branches.push(this.body(consequence, { env: taken, live: true }));
            const next = alternatives[index++];
            if (next?.type === 'elif_clause') {
                condition = next.childForFieldName('condition');
                consequence = next.childForFieldName('consequence');
                continue;
            }
            if (next?.type === 'else_clause')
                branches.push(this.body(next.childForFieldName('body'), { env: rest, live: true }));
            else
                branches.push({ env: rest, live: true });
            break;
        }
        return joinStates(branches, state.env);
    }
    /**
     * A loop body runs twice: once from the state before the loop, once from that joined with the first
     * iteration's end. That is enough for strings built with `+=` and lists built with `append` to show every
     * kind of piece they can hold (the values are joins, so later iterations add nothing new in kind).
     */
    loop(node, state) {
        const isFor = node.type === 'for_statement';
        const condition = node.childForFieldName('condition');
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        this.visitCalls(isFor ? right : condition, state.env);
        const element = isFor && right ? elementOf(this.evaluate(right, state.env)) : undefined;
        const body = node.childForFieldName('body');
        const exits = { breaks: [], continues: [] };
        this.loops.push(exits);
        let head = new Map(state.env);
        const ends = [];
        for (let pass = 0; pass < 2; pass++) {
            const entry = new Map(head);
            if (left && element)
                this.evaluator.bind(left, element, entry);
            if (condition)
                narrow(condition, true, entry, this.evaluator);
            exits.continues = [];
            const end = this.body(body, { env: entry, live: true });
            const iteration = [...(end.live ? [end.env] : []), ...exits.continues];
            ends.push(...iteration);
            head = joinEnvs([state.env, ...iteration]);
        }
        this.loops.pop();
        const exit = joinEnvs([state.env, ...ends, ...exits.breaks]);
        if (condition)
            narrow(condition, false, exit, this.evaluator);
        const orElse = childrenOf(node).find((child) => child.type === 'else_clause');
        if (orElse)
            return this.body(orElse.childForFieldName('body'), { env: exit, live: true });
        return { env: exit, live: true };
    }
    tryStatement(node, state) {
        const afterBody = this.body(node.childForFieldName('body'), { env: new Map(state.env), live: true });
        // An exception may leave the body anywhere: handlers start from before or after it.
        const handlerStart = afterBody.live ? joinEnvs([state.env, afterBody.env]) : new Map(state.env);
        const outcomes = [];
        let finallyClause;
        let normal = afterBody;
        for (const clause of childrenOf(node)) {
            if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
                const handler = childrenOf(clause).find((child) => child.type === 'block');
                outcomes.push(this.body(handler, { env: new Map(handlerStart), live: true }));
            }
            else if (clause.type === 'else_clause') {
                normal = this.body(clause.childForFieldName('body'), normal);
            }
            else if (clause.type === 'finally_clause') {
                finallyClause = clause;
            }
        }
        const joined = joinStates([normal, ...outcomes], state.env);
        if (!finallyClause)
            return joined;
        const after = this.body(childrenOf(finallyClause).find((child) => child.type === 'block'), { env: joined.env, live: true });
        return { env: after.env, live: joined.live && after.live };
    }
    withStatement(node, state) {
        const clause = childrenOf(node).find((child) => child.type === 'with_clause');
        for (const item of childrenOf(clause)) {
            const value = item.childForFieldName('value');
            if (!value)
                continue;
            this.visitCalls(value, state.env);
            if (value.type === 'as_pattern') {
                const expression = childrenOf(value)[0];
                const target = value.childForFieldName('alias');
                const bound = target ? childrenOf(target)[0] : undefined;
                // Cursors and connections return themselves from __enter__; that is all the analysis needs.
                if (expression && bound)
                    this.evaluator.bind(bound, this.evaluate(expression, state.env), state.env);
            }
        }
        return this.body(node.childForFieldName('body'), state);
    }
    matchStatement(node, state) {
        this.visitCalls(node.childForFieldName('subject'), state.env);
        const cases = childrenOf(node.childForFieldName('body')).filter((child) => child.type === 'case_clause');
        const outcomes = cases.map((clause) => this.body(clause.childForFieldName('consequence'), { env: new Map(state.env), live: true }));
        return joinStates([...outcomes, { env: state.env, live: true }], state.env);
    }
}

/** Helpers are followed this many calls deep; deeper calls are opaque. */
const MAX_FOLLOW_DEPTH = 3;
function selfValue(cls, node) {
    // A cursor class (a CursorWrapper subclass) executes through `self`.
    if (/Cursor/.test(cls.bases))
        return { kind: 'cursor' };
    return opaque({ kind: 'other', source: 'self', line: lineOf(node) });
}
class ModuleAnalysis {
    module;
    hooks;
    following = new Set();
    followed = new Map();
    /** Functions being followed that called themselves, and what their first run returned. */
    recursive = new Set();
    partial = new Map();
    constructor(module, hooks) {
        this.module = module;
        this.hooks = hooks;
    }
    frame(fn, outer) {
        const selfName = fn ? selfNameOf(fn) : undefined;
        return {
            module: this.module,
            ...(fn?.cls ? { cls: fn.cls } : {}),
            ...(selfName ? { selfName } : {}),
            ...(outer ? { outer } : {}),
            follow: (target, args) => this.follow(target, args),
        };
    }
    /** The module body, then each class body, then the functions worth running. */
    run(root) {
        const moduleEvaluator = new Evaluator(this.frame());
        const moduleFlow = new StatementFlow(moduleEvaluator, {
            call: (call, env) => this.hooks.call(call, { evaluator: moduleEvaluator, env }),
        });
        const end = moduleFlow.run(childrenOf(root), this.module.env);
        if (end.env !== this.module.env) {
            this.module.env.clear();
            for (const [name, value] of end.env)
                this.module.env.set(name, value);
        }
        for (const cls of this.module.classes.values()) {
            const flow = new StatementFlow(moduleEvaluator, {
                call: (call, env) => this.hooks.call(call, { evaluator: moduleEvaluator, env }),
            });
            const after = flow.run(childrenOf(cls.node.childForFieldName('body')), cls.env);
            if (after.env !== cls.env)
                for (const [name, value] of after.env)
                    cls.env.set(name, value);
        }
        const functions = [
            ...this.module.functions.values(),
            ...[...this.module.classes.values()].flatMap((cls) => [...cls.methods.values()]),
        ];
        for (const fn of functions)
            if (this.hooks.wants(fn.node))
                this.analyse(fn);
    }
    analyse(fn, outer) {
        const selfName = selfNameOf(fn);
        const env = new Map();
        for (const param of fn.params) {
            env.set(param.name, param.name === selfName && fn.cls ? selfValue(fn.cls, fn.node) : parameterValue(param, fn.node));
        }
        const evaluator = new Evaluator(this.frame(fn, outer));
        const nested = new Map();
        const flow = new StatementFlow(evaluator, {
            call: (call, at) => this.hooks.call(call, { evaluator, env: at, fn }),
            definition: (definition, at) => {
                if (definition.type === 'function_definition' && this.hooks.wants(definition)) {
                    nested.set(definition.id, { definition, env: new Map(at) });
                }
            },
        });
        flow.run(childrenOf(fn.node.childForFieldName('body')), env);
        for (const { definition, env: closure } of nested.values()) {
            const name = definition.childForFieldName('name')?.text ?? '<nested>';
            // A nested function is not a method even inside one; it sees the enclosing variables.
            const facts = { node: definition, name, params: readParameters(definition) };
            this.analyse(facts, (variable) => closure.get(variable) ?? outer?.(variable));
        }
    }
    /** Runs a same-module function with the caller's argument values and returns what it returns. */
    follow(target, args) {
        const { fn } = target;
        if (this.following.has(fn.node.id)) {
            // A recursive call returns what the function returns: nothing known on the first run, the first run's
            // result on the second (see below), which brings in the base cases' holes.
            this.recursive.add(fn.node.id);
            return this.partial.get(fn.node.id) ?? literal('');
        }
        if (this.following.size >= MAX_FOLLOW_DEPTH)
            return undefined;
        const argumentKey = [
            ...args.positional.map((arg) => keyOf(arg.value)),
            ...[...args.named].map(([name, arg]) => `${name}=${keyOf(arg.value)}`),
            args.rest ? `*${keyOf(args.rest.value)}` : '',
        ].join('|');
        const key = `${fn.node.id}(${argumentKey})${target.self ? keyOf(target.self) : ''}`;
        const cached = this.followed.get(key);
        if (cached)
            return cached;
        const selfName = selfNameOf(fn);
        const env = new Map();
        const moduleEvaluator = new Evaluator(this.frame());
        let position = 0;
        for (const param of fn.params) {
            if (param.name === selfName) {
                env.set(param.name, target.self ?? (fn.cls ? selfValue(fn.cls, fn.node) : safe('none')));
                continue;
            }
            if (param.kind === 'args') {
                env.set(param.name, seq(args.positional.slice(position).map((arg) => arg.value)));
                position = args.positional.length;
                continue;
            }
            if (param.kind === 'kwargs') {
                env.set(param.name, { kind: 'map', entries: [] });
                continue;
            }
            const given = args.named.get(param.name) ?? args.positional[position++];
            if (given)
                env.set(param.name, given.value);
            else if (args.rest)
                env.set(param.name, args.rest.value);
            else if (param.default)
                env.set(param.name, moduleEvaluator.evaluate(param.default, this.module.env));
            else
                env.set(param.name, parameterValue(param, fn.node));
        }
        const runOnce = () => {
            const flow = new StatementFlow(new Evaluator(this.frame(fn)));
            flow.run(childrenOf(fn.node.childForFieldName('body')), new Map(env));
            return flow.returns.length ? either(flow.returns) : safe('none');
        };
        this.following.add(fn.node.id);
        let result;
        try {
            result = runOnce();
            if (this.recursive.has(fn.node.id)) {
                this.partial.set(fn.node.id, result);
                result = runOnce();
            }
        }
        finally {
            this.following.delete(fn.node.id);
            this.partial.delete(fn.node.id);
            this.recursive.delete(fn.node.id);
        }
        this.followed.set(key, result);
        return result;
    }
}
/** Analyses a module and reports every call reached in it (module level, class bodies, wanted functions). */
function analyseModule(root, hooks) {
    const module = readModuleScope(root);
    new ModuleAnalysis(module, hooks).run(root);
    return module;
}

const PLACEHOLDER = /^%(\([^)]*\))?s/;
/**
 * Scans the parts of a string as SQL: quoted literals (with `''` escapes), `--` and `/* *\/` comments, and the
 * driver's placeholders (with `format` placeholders, `%%` is a literal percent sign when parameters are given).
 */
function scanSql(parts, paramstyle = 'format') {
    const scan = { holeQuoted: new Map(), quotedPlaceholders: [], placeholderCount: 0 };
    let state = 'code';
    let open;
    let holesInside = [];
    let placeholdersInside = [];
    /** The placeholder starting at `source[i]`, if any; `%%` is skipped by the caller. */
    const placeholderAt = (source, i) => {
        if (paramstyle === 'qmark')
            return source[i] === '?' ? '?' : undefined;
        return source[i] === '%' ? PLACEHOLDER.exec(source.slice(i))?.[0] : undefined;
    };
    parts.forEach((part, index) => {
        if (part.kind === 'hole') {
            if (state === "'" || state === '"')
                holesInside.push(index);
            return;
        }
        const source = part.text;
        for (let i = 0; i < source.length; i++) {
            const char = source[i];
            const next = source[i + 1];
            if (state === 'line-comment') {
                if (char === '\n')
                    state = 'code';
                continue;
            }
            if (state === 'block-comment') {
                if (char === '*' && next === '/') {
                    state = 'code';
                    i += 1;
                }
                continue;
            }
            if (paramstyle === 'format' && char === '%' && next === '%') {
                i += 1;
                continue;
            }
            const placeholder = placeholderAt(source, i);
            if (state === 'code') {
                if (placeholder)
                    scan.placeholderCount += 1;
                else if (char === "'" || char === '"') {
                    state = char;
                    open = { part: index, offset: i };
                    holesInside = [];
                    placeholdersInside = [];
                }
                else if (char === '-' && next === '-')
                    state = 'line-comment';
                else if (char === '/' && next === '*') {
                    state = 'block-comment';
                    i += 1;
                }
                continue;
            }
            // Inside a quoted literal.
            if (placeholder)
                placeholdersInside.push({ placeholder, index: scan.placeholderCount++ });
            else if (char === state && next === state)
                i += 1; // '' is an escaped quote
            else if (char === state) {
                const region = { quote: state, start: open, end: { part: index, offset: i } };
                for (const hole of holesInside)
                    scan.holeQuoted.set(hole, region);
                for (const found of placeholdersInside)
                    scan.quotedPlaceholders.push({ ...region, ...found });
                state = 'code';
            }
        }
    });
    return scan;
}
/** Text of the SQL around a hole: the literal text just before it and just after it. */
function neighbours(parts, index) {
    let before = '';
    for (let i = index - 1; i >= 0 && parts[i].kind === 'lit'; i--)
        before = parts[i].text + before;
    let after = '';
    for (let i = index + 1; i < parts.length && parts[i].kind === 'lit'; i++)
        after += parts[i].text;
    return { before, after };
}
const VALUE_BEFORE = /(=|<>|!=|<|>|[-+*/]|\bLIKE|\bILIKE|\bLIMIT|\bOFFSET|\bTHEN|\bELSE)\s*$/i;
const NAME_BEFORE = /(\bFROM|\bJOIN|\bINTO|\bUPDATE|\bTABLE|\bEXISTS|\bSCHEMA|\bBY|\bSELECT|\bAS|\.)\s*$/i;
/** Inside `VALUES (...)`, after its opening parenthesis or a comma. */
const IN_VALUES_LIST = /\bVALUES\s*\(([^()]|\([^()]*\))*[(,]\s*$/i;
const NAME_AFTER = /^\s*(=|<|>|!|\.|\bLIKE\b|\bILIKE\b|\bIN\b|\bIS\b|\bBETWEEN\b|\bASC\b|\bDESC\b)/i;
/**
 * Where a hole stands: `value` where a parameter can replace it (`= {x}`, `LIMIT {n}`), `name` where SQL
 * wants an identifier (`FROM {table}`, `{column} =`), `other` elsewhere (a whole clause, an IN list).
 */
function holePosition(parts, index) {
    const { before, after } = neighbours(parts, index);
    // Glued to a word (`logs_{suffix}`), the hole is part of a name.
    const glued = /\w$/.test(before) || /^\w/.test(after);
    if (glued || NAME_BEFORE.test(before) || NAME_AFTER.test(after))
        return 'name';
    // The whole statement so far, other holes standing in as values, to see an enclosing VALUES list.
    const statement = parts
        .slice(0, index)
        .map((part) => (part.kind === 'lit' ? part.text : '0'))
        .join('');
    if (VALUE_BEFORE.test(before) || IN_VALUES_LIST.test(statement))
        return 'value';
    return 'other';
}

/**
 * Decides what is wrong with the SQL a sink receives: values built into it (injection), or, for SQL that is
 * otherwise fine, quotes around the driver's placeholders.
 */
/** The values that name what went in: a hole holding a built string is described by that string's own holes. */
function innermost(hole, depth = 0) {
    if (depth > 6)
        return [hole];
    const inner = holesOf(hole.value).filter((candidate) => !candidate.fragment && isUnsafe(candidate.value));
    return inner.length ? inner.flatMap((candidate) => innermost(candidate, depth + 1)) : [hole];
}
/**
 * The unsafe holes of one alternative. A fragment (SQL from elsewhere) is skipped, unless it sits inside a
 * quoted literal: there it is a value whatever its name.
 */
function unsafeHoles(parts) {
    const scan = scanSql(parts);
    const found = [];
    parts.forEach((part, index) => {
        if (part.kind !== 'hole')
            return;
        if (part.fragment && !scan.holeQuoted.has(index))
            return;
        if (isUnsafe(part.value))
            found.push({ hole: part, index });
    });
    return found;
}
function judge$1(sink) {
    let first;
    const holes = new Map();
    for (const text of sink.texts) {
        for (const option of alternatives(text.value)) {
            if (option.kind !== 'text' && option.kind !== 'sql-composed')
                continue;
            const unsafe = unsafeHoles(option.parts);
            if (unsafe.length === 0)
                continue;
            first ??= { text, parts: option.parts, approximate: option.kind === 'text' && Boolean(option.approximate) };
            for (const { hole } of unsafe)
                for (const inner of innermost(hole))
                    holes.set(inner.node.id, inner);
        }
    }
    if (first) {
        const list = [...holes.values()];
        const tainted = list.some((hole) => {
            const origin = originOf(hole.value);
            return origin !== undefined && isTainted(origin);
        });
        return { kind: 'injection', sink, ...first, holes: list, tainted };
    }
    for (const text of sink.texts) {
        if (!text.hasParams)
            continue;
        for (const option of alternatives(text.value)) {
            if (option.kind !== 'text')
                continue;
            const [region] = scanSql(option.parts, text.paramstyle).quotedPlaceholders;
            if (region)
                return { kind: 'quoted-placeholder', sink, text, parts: option.parts, region };
        }
    }
    return undefined;
}

/** The parameter a value is, when it is exactly one (or SQL fragments built from one). */
function parameterOf(value) {
    for (const option of alternatives(value)) {
        if (option.kind === 'opaque' && option.origin.kind === 'parameter')
            return option.origin.name;
        if (option.kind === 'text') {
            const fragment = holesOf(option).find((hole) => hole.fragment && hole.value.kind === 'opaque' && hole.value.origin.kind === 'parameter');
            if (fragment?.value.kind === 'opaque' && fragment.value.origin.kind === 'parameter')
                return fragment.value.origin.name;
        }
    }
    return undefined;
}
/** Where a parameter of `fn` sits among the arguments callers pass (after `self` for methods). */
function positionOf(fn, name) {
    const skip = selfNameOf(fn) ? 1 : 0;
    return fn.params.findIndex((param) => param.name === name) - skip;
}
function argumentFor(args, parameter) {
    return args.named.get(parameter.name) ?? (parameter.position >= 0 ? args.positional[parameter.position] : undefined);
}
class SinkWrappers {
    wrappers = new Map();
    calls = new Map();
    /** A sink inside a function: if its SQL is one of the function's parameters, the function wraps it. */
    noteSink(sink, site) {
        const fn = site.fn;
        const [text] = sink.texts;
        if (!fn || sink.texts.length !== 1 || text?.role !== 'sql' || this.wrappers.has(fn.node.id))
            return;
        const sql = parameterOf(text.value);
        if (!sql)
            return;
        const paramsName = text.paramsNode ? parameterOf(site.evaluator.evaluate(text.paramsNode, site.env)) : undefined;
        this.add(fn, sql, paramsName, sink.name, lineOf(sink.call));
    }
    add(fn, sql, params, sinkName, sinkLine) {
        if (this.wrappers.has(fn.node.id))
            return false;
        const position = positionOf(fn, sql);
        if (position < 0 && !fn.params.some((param) => param.name === sql))
            return false;
        this.wrappers.set(fn.node.id, {
            sql: { name: sql, position },
            ...(params ? { params: { name: params, position: positionOf(fn, params) } } : {}),
            sinkName,
            sinkLine,
        });
        return true;
    }
    /** A call to a function of this module, with its argument values where it is made. */
    noteCall(call, site, scope) {
        const callee = unwrap(call.childForFieldName('function'));
        const target = site.evaluator.sameModuleTarget(callee, site.env);
        if (!target)
            return;
        this.calls.set(call.id, {
            call,
            target,
            args: site.evaluator.callArguments(call, site.env),
            ...(site.fn ? { caller: site.fn } : {}),
            scope,
        });
    }
    /** The recorded calls to wrappers, as sinks, once wrappers of wrappers are known too. */
    sinks() {
        // A function that passes its parameter to a wrapper wraps it too.
        for (let changed = true; changed;) {
            changed = false;
            for (const recorded of this.calls.values()) {
                const wrapper = this.wrappers.get(recorded.target.fn.node.id);
                const caller = recorded.caller;
                if (!wrapper || !caller || this.wrappers.has(caller.node.id))
                    continue;
                const sql = argumentFor(recorded.args, wrapper.sql);
                const forwarded = sql && parameterOf(sql.value);
                if (!forwarded)
                    continue;
                const params = wrapper.params && argumentFor(recorded.args, wrapper.params);
                const paramsName = params ? parameterOf(params.value) : undefined;
                changed = this.add(caller, forwarded, paramsName, wrapper.sinkName, wrapper.sinkLine) || changed;
            }
        }
        const sinks = [];
        for (const recorded of this.calls.values()) {
            const wrapper = this.wrappers.get(recorded.target.fn.node.id);
            const sql = wrapper && argumentFor(recorded.args, wrapper.sql);
            if (!wrapper || !sql)
                continue;
            const params = wrapper.params && argumentFor(recorded.args, wrapper.params);
            const hasParams = Boolean(params && !isNone(params.node));
            const callee = unwrap(recorded.call.childForFieldName('function'));
            const anchor = callee.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
            sinks.push({
                scope: recorded.scope,
                sink: {
                    kind: 'wrapper',
                    call: recorded.call,
                    anchor,
                    name: `${lastName(callee) ?? callee.text}()`,
                    callee: callee.text,
                    texts: [
                        {
                            value: sql.value,
                            node: sql.node,
                            role: 'sql',
                            hasParams,
                            percentEscaped: hasParams,
                            ...(hasParams ? { paramsNode: params.node } : {}),
                        },
                    ],
                    via: { name: wrapper.sinkName, line: wrapper.sinkLine, acceptsParams: Boolean(wrapper.params) },
                },
            });
        }
        return sinks;
    }
}

/**
 * The calls that send SQL text to the database, and which of their arguments are that text:
 * `cursor.execute*`, `Manager.raw`, `QuerySet.extra`, `RawSQL`, `RunSQL`. A method named `execute` counts
 * only on something that is plausibly a cursor, so `subprocess`, Celery or GraphQL `execute` calls do not.
 */
const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript']);
const EXTRA_ARGUMENTS = ['select', 'where', 'params', 'tables', 'order_by', 'select_params'];
/** Receivers of `.raw()` that are managers or querysets: `Model.objects`, `self.model._default_manager`, `qs`. */
const MANAGER_NAME = /^(objects|_default_manager|_base_manager)$|manager|queryset|^qs$|_qs$/i;
const SQL_START = /^\s*(\(\s*)?(SELECT|WITH|INSERT|UPDATE|DELETE|CALL|EXEC)\b/i;
/** A params argument that is present and not `None`. */
function given(node) {
    return node && !isNone(node) ? node : undefined;
}
/** The first literal text of a value (its first part, or its first alternative's): enough to see "SELECT". */
function leadingText(value) {
    for (const option of alternatives(value)) {
        if (option.kind === 'text' && option.parts[0]?.kind === 'lit')
            return option.parts[0].text;
    }
    return '';
}
/** The SQL strings in a list argument (`where=[...]`, `tables=`, RunSQL's list), or the value itself. */
function itemsOf(value) {
    const options = alternatives(value);
    return options.flatMap((option) => option.kind === 'seq' ? [...option.items, ...(option.more ? [option.more] : [])] : [option]);
}
/**
 * An SQL argument with the params argument that goes with it. Django runs `raw()`, `extra()` and `RawSQL` with
 * a params list even when none is given, so their `%` is always read (`percentEscaped`); a cursor reads it
 * only when params are passed.
 */
function sqlText(value, node, role, params, options = {}) {
    return {
        value,
        node,
        role,
        hasParams: Boolean(params),
        percentEscaped: options.percentEscaped ?? true,
        ...(options.paramstyle ? { paramstyle: options.paramstyle } : {}),
        ...(params ? { paramsNode: params } : {}),
    };
}
/** Where a finding starts: the method name of `x.execute(...)`, or the called name itself. */
const anchorOf = (callee) => callee.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
function cursorSink(call, callee, method, site, args) {
    const receiver = unwrap(callee.childForFieldName('object'));
    const receiverName = lastName(receiver);
    const value = site.evaluator.evaluate(receiver, site.env);
    const plausible = isCursorName(receiverName) || isSchemaEditorName(receiverName) || value.kind === 'cursor';
    const sql = argumentAt(args, 0, 'sql', 'query', 'operation', 'sql_script');
    if (!plausible || !sql)
        return undefined;
    const params = method === 'executescript'
        ? undefined
        : given(argumentAt(args, 1, 'params', 'parameters', 'vars', 'args', 'seq_of_parameters'));
    const paramstyle = value.kind === 'cursor' ? value.paramstyle : undefined;
    return {
        kind: 'cursor',
        call,
        anchor: anchorOf(callee),
        name: `${shortText(receiver.text, 40)}.${method}`,
        callee: callee.text,
        texts: [
            sqlText(site.evaluator.evaluate(sql, site.env), sql, 'sql', params, {
                percentEscaped: Boolean(params),
                ...(paramstyle ? { paramstyle } : {}),
            }),
        ],
    };
}
function rawSink(call, callee, site, args) {
    const receiver = unwrap(callee.childForFieldName('object'));
    const sql = argumentAt(args, 0, 'raw_query');
    if (!sql)
        return undefined;
    const value = site.evaluator.evaluate(sql, site.env);
    // `Model.people.raw(...)`: a custom manager on a model class.
    const onModelClass = receiver.type === 'attribute' && /^[A-Z]/.test(lastName(receiver.childForFieldName('object')) ?? '');
    if (!MANAGER_NAME.test(lastName(receiver) ?? '') && !onModelClass && !SQL_START.test(leadingText(value))) {
        return undefined;
    }
    return {
        kind: 'raw',
        call,
        anchor: anchorOf(callee),
        name: `${shortText(receiver.text, 40)}.raw`,
        callee: callee.text,
        texts: [sqlText(value, sql, 'sql', given(argumentAt(args, 1, 'params')))],
    };
}
function extraSink(call, callee, site, args) {
    const named = (name) => argumentAt(args, EXTRA_ARGUMENTS.indexOf(name), name);
    // Only QuerySet.extra takes these keywords; positional use needs a receiver that looks like a queryset.
    const byKeyword = EXTRA_ARGUMENTS.some((name) => args.keywords.has(name));
    const onQueryset = args.positional.length > 0 && MANAGER_NAME.test(lastName(callee.childForFieldName('object')) ?? '');
    if (!byKeyword && !onQueryset)
        return undefined;
    const evaluate = (node) => site.evaluator.evaluate(node, site.env);
    const texts = [];
    const where = named('where');
    if (where) {
        const params = given(named('params'));
        for (const value of itemsOf(evaluate(where)))
            texts.push(sqlText(value, where, 'where', params));
    }
    const select = named('select');
    if (select) {
        const params = given(named('select_params'));
        for (const option of alternatives(evaluate(select))) {
            const values = option.kind === 'map' ? option.entries.map(([, value]) => value) : [elementOf(option)];
            for (const value of values)
                texts.push(sqlText(value, select, 'select', params));
        }
    }
    for (const role of ['tables', 'order_by']) {
        const node = named(role);
        if (node)
            for (const value of itemsOf(evaluate(node)))
                texts.push(sqlText(value, node, role, undefined));
    }
    if (texts.length === 0)
        return undefined;
    return { kind: 'extra', call, anchor: anchorOf(callee), name: '.extra()', callee: callee.text, texts };
}
function rawSqlSink(call, callee, site, args) {
    const sql = argumentAt(args, 0, 'sql');
    if (!sql)
        return undefined;
    const value = site.evaluator.evaluate(sql, site.env);
    return {
        kind: 'raw-sql',
        call,
        anchor: anchorOf(callee),
        name: 'RawSQL',
        callee: callee.text,
        texts: [sqlText(value, sql, 'sql', given(argumentAt(args, 1, 'params')))],
    };
}
/**
 * RunSQL takes a string, a list of strings, or a list of `(sql, params)` pairs, forwards and in reverse; the
 * schema editor runs a plain string without params, so its `%` is not read.
 */
function runSqlSink(call, callee, site, args) {
    const texts = [];
    for (const [index, role] of [
        [0, 'sql'],
        [1, 'reverse_sql'],
    ]) {
        const node = given(argumentAt(args, index, role));
        if (!node)
            continue;
        for (const item of itemsOf(site.evaluator.evaluate(node, site.env))) {
            const pair = item.kind === 'seq' && item.items.length === 2;
            texts.push({
                ...sqlText(pair ? item.items[0] : item, node, role, undefined),
                hasParams: pair,
                percentEscaped: pair,
            });
        }
    }
    if (texts.length === 0)
        return undefined;
    return { kind: 'run-sql', call, anchor: anchorOf(callee), name: 'RunSQL', callee: callee.text, texts };
}
/** The sink a call is, if it is one. */
function recognizeSink(call, site) {
    const callee = unwrap(call.childForFieldName('function'));
    // An imported class is known by what it is imported as: `from ... import RawSQL as Raw`.
    const name = site.evaluator.importPath(callee, site.env)?.split('.').pop() ?? lastName(callee);
    if (!name)
        return undefined;
    const args = argumentsOf(call);
    if (callee.type === 'attribute' && EXECUTE_METHODS.has(name))
        return cursorSink(call, callee, name, site, args);
    if (callee.type === 'attribute' && name === 'raw')
        return rawSink(call, callee, site, args);
    if (callee.type === 'attribute' && name === 'extra')
        return extraSink(call, callee, site, args);
    if (name === 'RawSQL')
        return rawSqlSink(call, callee, site, args);
    if (name === 'RunSQL')
        return runSqlSink(call, callee, site, args);
    return undefined;
}

/** Marks a line break that ends an SQL `--` comment while whitespace is collapsed (a private-use character). */
const COMMENT_END = '\uE000';
/**
 * Python source for a one-line string literal. Whitespace collapses to one space, except a line break that ends
 * an SQL `--` comment, which stays (as `\n`) so the rest of the query does not become part of the comment.
 */
function pythonString(value, formatted = false) {
    const lines = value.split('\n');
    const oneLine = lines
        .map((line, index) => (index < lines.length - 1 && line.includes('--') ? `${line}${COMMENT_END}` : line))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
    const quote = oneLine.includes('"') && !oneLine.includes("'") ? "'" : '"';
    const escaped = oneLine
        .replace(/\\/g, '\\\\')
        .replace(new RegExp(quote, 'g'), `\\${quote}`)
        .replace(new RegExp(`${COMMENT_END} ?`, 'g'), '\\n');
    return `${formatted ? 'f' : ''}${quote}${escaped}${quote}`;
}
const expressionOf = (node) => node.text.replace(/\s+/g, ' ').trim();
const within = (node, scope) => node.startIndex >= scope.startIndex && node.endIndex <= scope.endIndex;
const escapeBraces = (text) => text.replace(/\{/g, '{{').replace(/\}/g, '}}');
/** The text of a quoted literal's content, as a parameter expression: the value itself, or an f-string. */
function regionParameter(content, percentDoubled) {
    const [only] = content;
    if (content.length === 1 && only && 'expression' in only)
        return only.expression;
    const formatted = content.some((piece) => 'expression' in piece);
    const body = content
        .map((piece) => {
        if ('expression' in piece)
            return `{${piece.expression}}`;
        const text = percentDoubled ? piece.text.replace(/%%/g, '%') : piece.text;
        return formatted ? escapeBraces(text) : text;
    })
        .join('');
    return pythonString(body, formatted);
}
/**
 * The parameterized form of `parts`, where `unsafe` holds the part indices of the values to move out. Undefined
 * when one stands where SQL wants a name (a parameter cannot be a table or column), when the call already
 * passes parameters, or when a piece's expression would not be right at the call: built outside `scope`, or
 * taken out of a tuple or dict passed whole.
 */
function parameterize(parts, unsafe, scope, shape) {
    const paramstyle = shape.paramstyle ?? 'format';
    if (shape.existing === 'some')
        return undefined;
    const percentDoubled = paramstyle === 'format' && shape.percentEscaped;
    const scan = scanSql(parts, paramstyle);
    const regions = new Set();
    for (const index of unsafe) {
        const region = scan.holeQuoted.get(index);
        if (region)
            regions.add(region);
        else if (holePosition(parts, index) !== 'value')
            return undefined;
    }
    if (parts.some((part) => part.kind === 'hole' && (part.whole || !within(part.node, scope))))
        return undefined;
    const tokens = [];
    const params = [];
    let open;
    const startsAt = (part, offset) => [...regions].find((region) => region.start.part === part && region.start.offset === offset);
    parts.forEach((part, index) => {
        if (part.kind === 'hole') {
            if (open)
                open.content.push({ expression: expressionOf(part.node) });
            else if (unsafe.has(index)) {
                tokens.push({ kind: 'placeholder' });
                params.push(expressionOf(part.node));
            }
            else
                tokens.push({ kind: 'field', expression: expressionOf(part.node) });
            return;
        }
        let literal = '';
        for (let offset = 0; offset < part.text.length; offset++) {
            if (open) {
                if (open.region.end.part === index && open.region.end.offset === offset) {
                    if (literal)
                        open.content.push({ text: literal });
                    literal = '';
                    tokens.push({ kind: 'placeholder', unquoted: true });
                    params.push(regionParameter(open.content, percentDoubled));
                    open = undefined;
                }
                else
                    literal += part.text[offset];
                continue;
            }
            const region = startsAt(index, offset);
            if (region) {
                if (literal)
                    tokens.push({ kind: 'lit', text: literal });
                literal = '';
                open = { region, content: [] };
                continue;
            }
            literal += part.text[offset];
        }
        if (literal) {
            if (open)
                open.content.push({ text: literal });
            else
                tokens.push({ kind: 'lit', text: literal });
        }
    });
    const formatted = tokens.some((token) => token.kind === 'field');
    const sql = tokens
        .map((token, index) => {
        if (token.kind === 'placeholder') {
            const placeholder = paramstyle === 'qmark' ? '?' : '%s';
            if (!token.unquoted)
                return placeholder;
            // `id='{x}'AND` must not become `id=%sAND`.
            const previous = tokens[index - 1];
            const next = tokens[index + 1];
            const before = previous?.kind === 'lit' && /\w$/.test(previous.text) ? ' ' : '';
            const after = next?.kind === 'lit' && /^\w/.test(next.text) ? ' ' : '';
            return `${before}${placeholder}${after}`;
        }
        if (token.kind === 'field')
            return `{${token.expression}}`;
        // Once parameters are passed, a `format` driver reads `%` as the start of a placeholder.
        const text = paramstyle === 'format' && !percentDoubled ? token.text.replace(/%/g, '%%') : token.text;
        return formatted ? escapeBraces(text) : text;
    })
        .join('');
    return { sql: pythonString(sql, formatted), params };
}

/**
 * The words of a raw-sql-injection finding: a message that names what was built into the SQL and where it
 * came from, and a one-line fix in the parameterized form of the same sink.
 */
const HOW = {
    'f-string': 'interpolated with an f-string',
    percent: 'formatted with `%`',
    format: 'formatted with `.format()`',
    concat: 'concatenated',
    join: 'joined',
    template: 'substituted with `string.Template`',
};
const ROLE = {
    sql: 'the SQL',
    reverse_sql: 'the reverse SQL',
    where: 'the `where` SQL',
    select: 'the `select` SQL',
    tables: 'the `tables`',
    order_by: 'the `order_by`',
};
/** "`name` (a function parameter)", "`q` (request data from `request.GET.get("q")`)". */
function describeHole(hole) {
    const expression = shortText(hole.node.text, 40);
    const origin = originOf(hole.value);
    if (!origin)
        return `\`${expression}\``;
    switch (origin.kind) {
        case 'parameter':
            return expression === origin.name
                ? `\`${expression}\` (a function parameter)`
                : `\`${expression}\` (from the parameter \`${origin.name}\`)`;
        case 'request':
            return shortText(origin.source, 40) === expression
                ? `\`${expression}\` (request data)`
                : `\`${expression}\` (request data from \`${shortText(origin.source, 50)}\`)`;
        case 'user-input':
            return `\`${expression}\` (user input from \`${shortText(origin.source, 40)}\`)`;
        default:
            return shortText(origin.source, 40) === expression
                ? `\`${expression}\` (not a constant)`
                : `\`${expression}\` (from \`${shortText(origin.source, 50)}\`, not a constant)`;
    }
}
function listOf(items) {
    if (items.length <= 1)
        return items.join('');
    if (items.length <= 3)
        return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
    return `${items.slice(0, 2).join(', ')} and ${items.length - 2} more values`;
}
function sinkPhrase(sink) {
    const via = sink.via ? `, which runs it with \`${sink.via.name}\` (line ${sink.via.line})` : '';
    return `passed to \`${sink.name}\`${via}`;
}
function injectionMessage(verdict) {
    const { sink, holes, tainted, text } = verdict;
    const described = [...new Set(holes.map(describeHole))];
    const names = listOf(described);
    const verb = described.length === 1 ? 'is' : 'are';
    const how = HOW[holes[0].how];
    const callStart = lineOf(sink.call);
    const callEnd = sink.call.endPosition.row + 1;
    const buildLine = holes.map((hole) => lineOf(hole.node)).find((line) => line < callStart || line > callEnd);
    const built = buildLine ? ` (built on line ${buildLine})` : '';
    const consequence = tainted
        ? 'whoever controls it can rewrite the query (SQL injection)'
        : 'if it ever carries outside input, it can rewrite the query (SQL injection)';
    return `${names} ${verb} ${how} into ${ROLE[text.role] ?? 'the SQL'}${built} ${sinkPhrase(sink)}: ${consequence}.`;
}
function quotedPlaceholderMessage(verdict) {
    const { sink, region } = verdict;
    const shown = `${region.quote}${region.placeholder}${region.quote}`;
    return `${ROLE[verdict.text.role] ?? 'The SQL'} ${sinkPhrase(sink)} puts quotes around the placeholder (\`${shown}\`): the driver quotes the value itself, so the value ends up outside a string literal, which breaks the query and can let a crafted value through.`.replace(/^the/, 'The');
}
/** What the call already passes as params: nothing, an empty literal (`RawSQL(sql, [])`), or values. */
function existingParams(text) {
    if (!text.hasParams)
        return 'none';
    const node = text.paramsNode ? unwrap(text.paramsNode) : undefined;
    return node && ['list', 'tuple'].includes(node.type) && childrenOf(node).length === 0 ? 'empty' : 'some';
}
const tupleOf = (items) => `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
/** A parameterized call to the same sink, for SQL `sql` (a Python literal) and parameters `params`. */
function parameterizedCall(sink, sql, params, role) {
    const list = `[${params.join(', ')}]`;
    switch (sink.kind) {
        case 'cursor':
            if (/\.executescript$/.test(sink.callee))
                return undefined;
            if (/\.executemany$/.test(sink.callee))
                return `${sink.callee}(${sql}, rows)`;
            return `${sink.callee}(${sql}, ${list})`;
        case 'raw':
            return `${sink.callee}(${sql}, ${list})`;
        case 'raw-sql':
            return `${sink.callee}(${sql}, ${tupleOf(params)})`;
        case 'extra':
            if (role === 'where')
                return `.extra(where=[${sql}], params=${list})`;
            if (role === 'select')
                return `.extra(select={"value": ${sql}}, select_params=${tupleOf(params)})`;
            return undefined;
        case 'run-sql':
            return `${sink.callee}([(${sql}, ${list})])`;
        case 'wrapper':
            return sink.via?.acceptsParams ? `${sink.callee}(${sql}, ${list})` : undefined;
        default:
            return undefined;
    }
}
/** The list behind an IN-list hole: `ids` in `map(str, ids)`, else the expression itself. */
function listExpression(part) {
    if (part.kind !== 'hole')
        return 'values';
    const node = unwrap(part.node);
    const inner = node.type === 'call' && lastName(node) === 'map' ? argumentsOf(node).positional[1] : node;
    return inner && ['identifier', 'attribute'].includes(inner.type) ? inner.text : 'values';
}
/** A stand-in call for the sink when the flagged SQL cannot be rewritten as it is. */
function exampleCall(sink, text, value) {
    const placeholder = text.paramstyle === 'qmark' ? '?' : '%s';
    if (/\.executemany$/.test(sink.callee)) {
        return `${sink.callee}(${pythonString(`INSERT INTO ... VALUES (${placeholder}, ${placeholder})`)}, rows)`;
    }
    const sql = pythonString(text.role === 'where' ? `name = ${placeholder}` : `... WHERE name = ${placeholder}`);
    return parameterizedCall(sink, sql, [value], text.role) ?? `cursor.execute(${sql}, [${value}])`;
}
function injectionFix(verdict, scope) {
    const { sink, parts, text, holes, approximate } = verdict;
    const unsafe = new Set(unsafeHoles(parts).map(({ index }) => index));
    if (!approximate && unsafe.size > 0) {
        const rewritten = parameterize(parts, unsafe, scope, {
            existing: existingParams(text),
            percentEscaped: text.percentEscaped,
            ...(text.paramstyle ? { paramstyle: text.paramstyle } : {}),
        });
        const call = rewritten && parameterizedCall(sink, rewritten.sql, rewritten.params, text.role);
        if (call && call.length <= 200)
            return call;
    }
    const first = holes[0];
    // A value taken out of a tuple or dict passed whole has no expression of its own.
    const expression = first.whole ? 'value' : shortText(first.node.text, 60);
    const index = [...unsafe][0] ?? -1;
    const isName = (index >= 0 && !scanSql(parts).holeQuoted.has(index) && holePosition(parts, index) === 'name') ||
        ['tables', 'order_by'].includes(text.role);
    const before = parts
        .slice(0, Math.max(index, 0))
        .map((part) => (part.kind === 'lit' ? part.text : ''))
        .join('');
    if (/\bIN\s*\(\s*$/i.test(before)) {
        const values = listExpression(parts[index]);
        const sql = `f"... WHERE id IN ({', '.join(['%s'] * len(${values}))})"`;
        return `Use one placeholder per value: ${parameterizedCall(sink, sql, [`*${values}`], text.role) ?? `cursor.execute(${sql}, [*${values}])`}`;
    }
    if (isName) {
        return `Pick ${expression} from an allow-list of known names (or quote it with connection.ops.quote_name()) and pass values as parameters: ${exampleCall(sink, text, 'value')}`;
    }
    if (/\.executescript$/.test(sink.callee)) {
        return `executescript() takes no parameters: run the statement with ${sink.callee.replace(/executescript$/, 'execute')}(${pythonString('... WHERE name = ?')}, [${expression}])`;
    }
    return `Pass ${expression} as a parameter instead: ${exampleCall(sink, text, expression)}`;
}
function quotedPlaceholderFix(verdict) {
    const { sink, parts, region, text } = verdict;
    // The SQL with the quoted literal around the placeholder replaced by the bare placeholder.
    let sql = '';
    let content;
    let pattern = '';
    parts.forEach((part, index) => {
        if (part.kind === 'hole') {
            if (content === undefined)
                sql += `{${part.node.text}}`;
            return;
        }
        for (let offset = 0; offset < part.text.length; offset++) {
            if (index === region.start.part && offset === region.start.offset)
                content = '';
            else if (content !== undefined && index === region.end.part && offset === region.end.offset) {
                sql += region.placeholder;
                pattern = content;
                content = undefined;
            }
            else if (content !== undefined)
                content += part.text[offset];
            else
                sql += part.text[offset];
        }
    });
    const literal = pythonString(sql, parts.some((part) => part.kind === 'hole'));
    // LIKE wildcards written around the placeholder (`'%%%s%%'`) move into the value itself.
    const wildcards = pattern !== region.placeholder;
    const asPattern = (value) => pythonString(pattern.replace(/%%/g, '%').replace(region.placeholder, `{${value}}`), true);
    const paramsNode = text.paramsNode ? unwrap(text.paramsNode) : undefined;
    const items = paramsNode && ['list', 'tuple'].includes(paramsNode.type) ? childrenOf(paramsNode) : undefined;
    let params = paramsNode ? shortText(paramsNode.text, 80) : 'params';
    let note = '';
    if (wildcards && items?.[region.index]) {
        const values = items.map((item, i) => (i === region.index ? asPattern(item.text) : item.text));
        params = paramsNode.type === 'list' ? `[${values.join(', ')}]` : tupleOf(values);
    }
    else if (wildcards)
        note = `, with the wildcards in the value: ${asPattern('value')}`;
    let call;
    if (sink.kind === 'extra') {
        call =
            text.role === 'select'
                ? `.extra(select={"value": ${literal}}, select_params=${params})`
                : `.extra(where=[${literal}], params=${params})`;
    }
    else if (sink.kind === 'run-sql')
        call = `${sink.callee}([(${literal}, params)])`;
    else
        call = `${sink.callee}(${literal}, ${params})`;
    return `Remove the quotes around the placeholder: ${call}${note}`;
}

/** A file is parsed for this rule only if it mentions one of the sinks (`.execute` covers executemany/executescript). */
const SINK_WORDS = ['.execute', 'raw(', 'extra(', 'RawSQL', 'RunSQL'];
/**
 * What the rule deliberately does not flag, each a named case in the tests (__tests__/fixtures/raw-sql) and a
 * line in the docs.
 */
const SAFE_PATTERNS = [
    { name: 'constant SQL', example: '`cursor.execute("SELECT count(*) FROM shop_order")`' },
    {
        name: 'constants combined',
        example: 'concatenations, f-strings, `%` and `.format()` of constants only: `"SELECT * FROM " + "shop_order"`',
    },
    {
        name: 'module-level constant',
        example: '`ORDERS = "shop_order"` at module level (or `ORDERS: Final = ...`, a class attribute, an ALL_CAPS import, an attribute of an imported class such as an enum member), then `f"SELECT * FROM {ORDERS}"`',
    },
    { name: 'params', example: '`cursor.execute("SELECT * FROM shop_order WHERE id = %s", [order_id])`' },
    {
        name: 'psycopg composition',
        example: '`sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table))` from psycopg or psycopg2',
    },
    {
        name: 'quote_name',
        example: "`connection.ops.quote_name(column)` (or `schema_editor.quote_name`, the compiler's `qn`) around an identifier",
    },
    { name: 'placeholder list', example: '`", ".join(["%s"] * len(ids))`, `",".join("%s" for _ in ids)`' },
    {
        name: 'model metadata',
        example: '`Order._meta.db_table`, `Order._meta.get_field("total").column`, fields of `_meta.get_fields()`',
    },
    {
        name: 'allow-list',
        example: 'a value checked against constants first (`if sort not in ("name", "created"): raise ...`), or looked up in a dict of constants',
    },
    {
        name: 'numbers',
        example: '`int(limit)`, `len(ids)`, `f"{n:d}"`, `"LIMIT %d" % n`, a value checked with `.isdigit()`',
    },
    { name: 'primary keys', example: '`obj.pk`, `obj.id`, `request.user.pk` (an integer or a UUID cannot carry SQL)' },
    {
        name: 'ORM-compiled SQL',
        example: '`sql, params = qs.query.sql_with_params()` or `where.as_sql(compiler, connection)` pasted into a query, with its params passed along',
    },
];
/**
 * The functions worth analysing: those that mention a sink, and (transitively) those that call one of them,
 * since a function that runs the SQL it is given is reported where it is called.
 */
function functionFilter(root) {
    const functions = root.descendantsOfType('function_definition').filter((node) => node !== null);
    const texts = new Map(functions.map((fn) => [fn.id, fn.text]));
    const wanted = new Set();
    // Calls to these names make a function worth analysing: aliases of the sink classes, then wrappers found.
    const names = new Set();
    for (const alias of root.descendantsOfType('aliased_import')) {
        const imported = alias?.childForFieldName('name')?.text ?? '';
        const local = alias?.childForFieldName('alias')?.text;
        if (local && /(^|\.)(RawSQL|RunSQL)$/.test(imported))
            names.add(local);
    }
    for (let round = 0, changed = true; changed && round < 5; round++) {
        changed = false;
        for (const fn of functions) {
            if (wanted.has(fn.id))
                continue;
            const text = texts.get(fn.id);
            if (SINK_WORDS.some((word) => text.includes(word)) || [...names].some((name) => text.includes(`${name}(`))) {
                wanted.add(fn.id);
                const name = fn.childForFieldName('name')?.text;
                if (name)
                    names.add(name);
                changed = true;
            }
        }
    }
    return (definition) => wanted.has(definition.id);
}
function problemOf(verdict, scope, file) {
    const start = spanOf(verdict.sink.anchor, file);
    const end = spanOf(verdict.sink.call, file);
    const span = { ...start, endLine: end.endLine, endColumn: end.endColumn };
    if (verdict.kind === 'quoted-placeholder') {
        return { span, level: 'warning', message: quotedPlaceholderMessage(verdict), fix: quotedPlaceholderFix(verdict) };
    }
    return {
        span,
        level: verdict.tainted ? 'error' : 'warning',
        message: injectionMessage(verdict),
        fix: injectionFix(verdict, scope),
    };
}
const rawSqlInjection = {
    kind: 'code',
    id: 'raw-sql-injection',
    level: 'error',
    summary: 'SQL text is built from values instead of passing them as parameters',
    djangoChecks: [],
    seedItem: 9,
    securitySeverity: 8.8,
    tags: ['security', 'code', 'sql-injection', 'external/cwe/cwe-089'],
    words: SINK_WORDS,
    check({ source, report }) {
        const root = source.tree.rootNode;
        const verdicts = new Map();
        const wrappers = new SinkWrappers();
        analyseModule(root, {
            wants: functionFilter(root),
            call(call, site) {
                const scope = site.fn?.node ?? root;
                const sink = recognizeSink(call, site);
                if (!sink) {
                    wrappers.noteCall(call, site, scope);
                    return;
                }
                wrappers.noteSink(sink, site);
                // A call inside a loop is reached once per pass; the last pass saw the most general values.
                const verdict = judge$1(sink);
                if (verdict)
                    verdicts.set(call.id, { verdict, scope });
            },
        });
        for (const { sink, scope } of wrappers.sinks()) {
            const verdict = judge$1(sink);
            if (verdict)
                verdicts.set(sink.call.id, { verdict, scope });
        }
        const ordered = [...verdicts.values()].sort((a, b) => a.verdict.sink.call.startIndex - b.verdict.sink.call.startIndex);
        for (const { verdict, scope } of ordered)
            report(problemOf(verdict, scope, source.file));
    },
    docs: {
        what: "Flags SQL text built from values (with an f-string, `%`, `.format()`, `+`, `join()` or `string.Template`) that reaches `cursor.execute()`, `executemany()` or `executescript()`, `Model.objects.raw()`, `QuerySet.extra()`, `RawSQL()` or a migration's `RunSQL`, following the value through local variables, reassignments, branches and loops, module-level constants and simple helpers of the same module. It also flags quotes around `%s` placeholders.",
        why: "The ORM escapes every value it puts in a query; raw SQL leaves that to you. A value formatted into the SQL string becomes part of the statement, so a crafted value (`' OR '1'='1`, `1; DROP TABLE ...`) changes what the database runs: it can read other users' data, bypass a login, or destroy tables. Passing values separately lets the database driver quote them, whatever they contain. Quoting a placeholder yourself (`'%s'`) undoes that: the driver adds its own quotes around the value, which breaks the query and can let a crafted value escape the literal.",
        example: `from django.db import connection

def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name FROM shop_product WHERE name LIKE '%{term}%'")
        return cursor.fetchall()`,
        useInstead: `from django.db import connection

def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM shop_product WHERE name LIKE %s", [f"%{term}%"])
        return cursor.fetchall()`,
        notes: [
            'Level: an error when a value comes from a function parameter, from the request (`request.GET`, `request.POST`, `request.data`, `self.request`, `self.kwargs`), from `input()` or from `sys.argv`; a warning for any other non-constant (an attribute, a setting, the result of a call), which is injectable as soon as outside input reaches it.',
            'The message names each value and where it came from ("`name` (a function parameter) is interpolated with an f-string into the SQL passed to `cursor.execute`"); the fix is the same call in parameterized form, built from the flagged SQL where every value stands where a parameter can go.',
            'A quoted placeholder (`"... WHERE name = \'%s\'"` passed with params) is a warning of its own: remove the quotes, and put LIKE wildcards in the parameter (`f"%{term}%"`).',
            ...SAFE_PATTERNS.map((pattern) => `Not flagged (${pattern.name}): ${pattern.example}.`),
            "`execute` counts only on something that is plausibly a cursor: the result of `.cursor()` (also through `with ... as c`), a sqlite3 or psycopg connection, Django's `schema_editor`, a parameter or attribute named like a cursor (`cursor`, `cur`, `*_cursor`) or annotated as one. `subprocess`, Celery, GraphQL clients and `self.execute` in unrelated classes are left alone.",
            'Values whose name says they are SQL themselves (`base_sql`, `where_clause`, `subquery`) are taken as SQL built elsewhere, not as interpolated data; a same-module function that runs the SQL it is given is reported where it is called with built SQL. Names imported from other modules in ALL_CAPS are taken as constants.',
            'The analysis stays within one module. SQL returned whole by a function of another module is not seen as built here (`cursor.execute(build_query(name))` passes); a piece of SQL such a function returns is a non-constant value (an error when the call is given a parameter or request data, else a warning). Calls to functions of the same module and to methods through `self` are followed (up to three calls deep); nested functions and lambdas are analysed with the variables they close over.',
            "Fixes use the driver's placeholder: `%s` for Django's cursors and psycopg, `?` for sqlite3's own connections.",
        ],
        references: [
            { title: 'Django: Performing raw SQL queries', url: 'https://docs.djangoproject.com/en/stable/topics/db/sql/' },
            {
                title: 'Django security: SQL injection protection',
                url: 'https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection',
            },
            { title: 'QuerySet.extra()', url: 'https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra' },
            {
                title: 'RawSQL expressions',
                url: 'https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions',
            },
            { title: 'psycopg: the sql module', url: 'https://www.psycopg.org/psycopg3/docs/api/sql.html' },
            {
                title: 'OWASP SQL Injection Prevention Cheat Sheet',
                url: 'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
            },
            { title: 'CWE-89: SQL Injection', url: 'https://cwe.mitre.org/data/definitions/89.html' },
        ],
    },
};

/** One year: what the HSTS preload list asks for, and the usual production value. */
const ONE_YEAR = 31536000;
/** "5 minutes", "about 7 days": how long browsers keep HTTPS-only after a visit. */
function duration(seconds) {
    const round = (n) => (Number.isInteger(n) ? String(n) : `about ${Math.round(n)}`);
    const unit = (n, word) => `${round(n)} ${word}${Math.round(n) === 1 ? '' : 's'}`;
    if (seconds < 60)
        return unit(seconds, 'second');
    if (seconds < 3600)
        return unit(seconds / 60, 'minute');
    if (seconds < 86400)
        return unit(seconds / 3600, 'hour');
    return unit(seconds / 86400, 'day');
}
function tooShort(seconds, span) {
    if (seconds === 0) {
        return {
            what: 'Django sends "max-age=0", which tells browsers to forget HTTPS-only for the site at once (a non-empty string counts as HSTS being on, so Django\'s security.W004 is silent)',
            span,
        };
    }
    return {
        what: `browsers keep HTTPS-only for only ${duration(seconds)} after a visit, so a visitor who returns later makes the first request over plain HTTP again, open to SSL stripping; the HSTS preload list asks for at least ${ONE_YEAR} (one year)`,
        span,
    };
}
/** SecurityMiddleware writes `"max-age=%s" % SECURE_HSTS_SECONDS`, whatever the type. */
function judge(value) {
    if (value.kind === 'unknown' || value.kind === 'either')
        return 'unknown';
    // `if self.sts_seconds and ...`: a false value sends no header at all (hsts-missing).
    if (truthy(value) === false)
        return 'fine';
    const span = value.span;
    switch (value.kind) {
        case 'int':
            if (value.value < 0) {
                return {
                    what: `Django sends "max-age=${value.value}", and a negative max-age is not valid (RFC 6797 asks for digits only), so browsers ignore the header and HSTS is off, although Django's security.W004 passes it`,
                    span,
                };
            }
            return value.value < ONE_YEAR ? tooShort(value.value, span) : 'fine';
        case 'float':
            return {
                what: `a float makes Django send "max-age=${repr(value)}", and a max-age with a decimal point is not valid (RFC 6797 asks for digits only), so browsers ignore the header`,
                span,
            };
        case 'bool':
            return {
                what: 'True is not a number of seconds: Django sends "max-age=True", which browsers ignore, so HSTS is off',
                span,
            };
        case 'str': {
            const text = value.value.trim();
            if (/^\d+$/.test(text)) {
                const seconds = Number(text);
                return seconds < ONE_YEAR ? tooShort(seconds, span) : 'fine';
            }
            return {
                what: `Django sends "max-age=${value.value}", which is not a number of seconds, so browsers ignore the header`,
                span,
            };
        }
        default:
            return 'unknown';
    }
}
/** The environment variable that decided the value (given, or unset so its default applied), for the fix. */
function decidingVariable(value) {
    const read = [...value.env, ...(value.conditions ?? [])].find((r) => r.state !== 'required');
    return read && { variable: read.variable, given: read.state === 'given' };
}
function fixFor(value, assigned) {
    const read = assigned ? decidingVariable(value) : undefined;
    if (read?.given)
        return `Set ${read.variable}=${ONE_YEAR} (one year) in production's environment`;
    if (read) {
        return `SECURE_HSTS_SECONDS = ${ONE_YEAR} as the default (one year), or set ${read.variable}=${ONE_YEAR} in production's environment`;
    }
    return `SECURE_HSTS_SECONDS = ${ONE_YEAR}  # one year; ramp up with 300 in staging first`;
}
const hstsTooShort = {
    kind: 'settings',
    id: 'hsts-too-short',
    level: 'warning',
    summary: 'SECURE_HSTS_SECONDS is on but shorter than a year, negative or not a whole number',
    djangoChecks: [],
    seedItem: 4,
    securitySeverity: 3.7,
    tags: ['security', 'settings', 'https'],
    check({ settings, report }) {
        if (hasMiddleware(settings, SECURITY_MIDDLEWARE) !== true)
            return;
        const seconds = settings.get('SECURE_HSTS_SECONDS');
        const verdicts = outcomes(seconds.value).map(judge);
        // Only a problem on every path the model sees is established; an undecided branch is not.
        const [first] = verdicts;
        if (!first || first === 'fine' || first === 'unknown')
            return;
        if (!verdicts.every((verdict) => verdict !== 'fine' && verdict !== 'unknown'))
            return;
        report({
            span: first.span,
            setting: 'SECURE_HSTS_SECONDS',
            message: `SECURE_HSTS_SECONDS is ${seconds.describe()}: ${first.what}.`,
            fix: fixFor(seconds.value, seconds.isAssigned),
        });
    },
    docs: {
        what: 'Checks that `SECURE_HSTS_SECONDS`, when set and SecurityMiddleware is installed, is a whole number of at least 31536000 (one year). It also reports values that switch HSTS off while looking set: negative numbers, floats, `True`, `"0"` and other strings that are not digits.',
        why: "HSTS protects a visitor only while the browser remembers it: each HTTPS response renews it for `max-age` seconds. With an hour or a week, a visitor who comes back later types the address and makes the first request over plain HTTP, where a network attacker can strip TLS. The browsers' preload list, which protects the very first visit, accepts only a year or more. Django's own check (security.W004) only asks for a true value, so `SECURE_HSTS_SECONDS = 300` or `-1` passes it.",
        example: `SECURE_HSTS_SECONDS = 3600  # left over from the rollout

# or a default that production silently keeps
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60)`,
        useInstead: `SECURE_HSTS_SECONDS = 31536000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True`,
        notes: [
            'The seed checklist (item 4) advises starting with a short value, 300 seconds, in staging to verify nothing breaks, then raising it to a year. That is the right rollout, since browsers keep HSTS for the whole duration and it cannot be recalled; this rule checks the settings production loads, where the rollout should be finished. A short value in a staging settings module is reported only if that module is scanned as production.',
            'Production should use a year because the HSTS preload list (hstspreload.org) requires `max-age` of at least 31536000 together with `includeSubDomains` and `preload`, and because anything shorter lapses for visitors who return less often.',
            'Django writes the header as `"max-age=%s" % SECURE_HSTS_SECONDS`. RFC 6797 allows only digits there, and browsers ignore a header whose directives are malformed, so `-1`, `31536000.0` (a float, for example from `timedelta(...).total_seconds()`) and `True` send a header that does nothing. A string of digits (an environment variable read without a cast) works and is judged by its number; `"0"` is true to Django but tells browsers to drop HSTS.',
            'When the value comes from an environment read with a default (`int(os.environ.get("HSTS_SECONDS", "3600"))`, `env.int(...)`, `config(..., cast=int)`), the default is judged when the variable is unset, and the message says so; with `--env`, the given value decides.',
            'Only checked when SecurityMiddleware is installed, since it sends the header. A zero or unset value is `hsts-missing`. A value the scanner cannot evaluate, or one decided by a condition it cannot evaluate, is not reported.',
        ],
        references: [
            {
                title: 'Django settings: SECURE_HSTS_SECONDS',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-seconds',
            },
            {
                title: 'HTTP Strict Transport Security',
                url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security',
            },
            { title: 'HSTS preload list submission requirements', url: 'https://hstspreload.org/#submission-requirements' },
            { title: 'RFC 6797, section 6.1.1: max-age', url: 'https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1' },
        ],
    },
};

const csrfCookieHttponlyDisabled = {
    kind: 'settings',
    id: 'csrf-cookie-httponly-disabled',
    level: 'note',
    summary: 'CSRF_COOKIE_HTTPONLY is off, so scripts on the page can read the CSRF cookie',
    djangoChecks: [],
    seedItem: 5,
    securitySeverity: 2.0,
    tags: ['security', 'settings', 'cookies'],
    check({ settings, report }) {
        if (hasMiddleware(settings, CSRF_MIDDLEWARE) !== true)
            return;
        // With CSRF_USE_SESSIONS the token lives in the session and there is no CSRF cookie at all.
        if (isFalsy(settings.get('CSRF_USE_SESSIONS')) !== true)
            return;
        const httponly = settings.get('CSRF_COOKIE_HTTPONLY');
        // CsrfViewMiddleware passes the value to set_cookie(httponly=...), which tests its truthiness.
        if (isFalsy(httponly) !== true)
            return;
        report({
            span: httponly.origin,
            setting: 'CSRF_COOKIE_HTTPONLY',
            message: `CSRF_COOKIE_HTTPONLY is ${httponly.describe()}: the CSRF cookie is readable from JavaScript. The checklist asks for HttpOnly; Django's documentation notes it adds little, since a script that runs on the page can read the token from the page anyway.`,
            fix: 'CSRF_COOKIE_HTTPONLY = True, with JavaScript taking the token from the page ({% csrf_token %} or a meta tag) instead of the cookie',
        });
    },
    docs: {
        what: 'Checks that `CSRF_COOKIE_HTTPONLY` is on when `CsrfViewMiddleware` is installed and the token is kept in a cookie (`CSRF_USE_SESSIONS` off). Findings are notes.',
        why: "The seed checklist (item 5) lists `CSRF_COOKIE_HTTPONLY = True` among the cookie settings every production site needs, so that JavaScript cannot read the cookie. Django's own documentation is more measured: marking the CSRF cookie HttpOnly \"doesn't offer any practical protection\", because CSRF protection guards against other sites, and a script that already runs on your pages (through XSS) can read the token from the page's form or send requests itself. Django says the setting offers little practical benefit but is sometimes required by security auditors; that is why this rule reports a note rather than a warning.",
        example: `CSRF_COOKIE_HTTPONLY = False`,
        useInstead: `CSRF_COOKIE_HTTPONLY = True

# JavaScript then reads the token from the page, e.g. the hidden input of {% csrf_token %}:
# document.querySelector("[name=csrfmiddlewaretoken]").value`,
        notes: [
            'Only a note: the real defence against script access to tokens is preventing XSS (escaping, a Content Security Policy). Fail the gate on it with `--fail-on note` if an auditor requires the flag.',
            "Turning it on breaks front-end code that reads the `csrftoken` cookie (the pattern in Django's AJAX documentation); take the token from the DOM instead, as Django's documentation describes for this setting.",
            "Judged by truthiness, as `HttpResponse.set_cookie(httponly=...)` judges it: `CSRF_COOKIE_HTTPONLY = 1` sets the flag and is not reported. Django's default is False, so an unset value is reported at the settings module.",
            'Not reported when `CSRF_USE_SESSIONS` is true (no CSRF cookie exists) or when `CsrfViewMiddleware` is not installed (`csrf-middleware-missing` covers that). Django has had no check for this setting since the removal of security.W017 in Django 1.11.',
            'When the value comes from an environment read, the default is judged when the variable is unset, and the message says so. A value the scanner cannot evaluate is not reported.',
        ],
        references: [
            {
                title: 'Django settings: CSRF_COOKIE_HTTPONLY',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-httponly',
            },
            {
                title: 'Django: using CSRF protection with AJAX',
                url: 'https://docs.djangoproject.com/en/stable/howto/csrf/#using-csrf-protection-with-ajax',
            },
        ],
    },
};

/**
 * Content Security Policy, as three providers apply it:
 * - Django 6.0+: `django.middleware.csp.ContentSecurityPolicyMiddleware` sends `SECURE_CSP` (a flat dict of
 *   directive -> sources) and `SECURE_CSP_REPORT_ONLY`; an empty dict sends no header (django/middleware/csp.py).
 * - django-csp 4.x: `csp.middleware.CSPMiddleware` sends `CONTENT_SECURITY_POLICY["DIRECTIVES"]` merged over
 *   `default-src 'self'`, but only when the setting is a non-empty dict: without it, no header at all
 *   (csp/utils.py build_policy). The 3.x `CSP_*` settings are ignored (csp.E001 when "csp" is an app).
 * - django-csp 3.x: the same middleware sends the `CSP_*` settings, `default-src 'self'` when none is set;
 *   `CSP_REPORT_ONLY = True` turns the one policy into a report-only header.
 */
const DJANGO_CSP_MIDDLEWARE = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
const LIBRARY_CSP_MIDDLEWARE = [
    'csp.middleware.CSPMiddleware',
    'csp.contrib.rate_limiting.RateLimitedCSPMiddleware',
];
/** The settings django-csp 4's csp.E001 check treats as django-csp 3 configuration (csp/checks.py). */
const LEGACY_DIRECTIVE_SETTINGS = [
    'CSP_CHILD_SRC',
    'CSP_CONNECT_SRC',
    'CSP_DEFAULT_SRC',
    'CSP_SCRIPT_SRC',
    'CSP_SCRIPT_SRC_ATTR',
    'CSP_SCRIPT_SRC_ELEM',
    'CSP_OBJECT_SRC',
    'CSP_STYLE_SRC',
    'CSP_STYLE_SRC_ATTR',
    'CSP_STYLE_SRC_ELEM',
    'CSP_FONT_SRC',
    'CSP_FRAME_SRC',
    'CSP_IMG_SRC',
    'CSP_MANIFEST_SRC',
    'CSP_MEDIA_SRC',
    'CSP_PREFETCH_SRC',
    'CSP_WORKER_SRC',
    'CSP_BASE_URI',
    'CSP_PLUGIN_TYPES',
    'CSP_SANDBOX',
    'CSP_FORM_ACTION',
    'CSP_FRAME_ANCESTORS',
    'CSP_NAVIGATE_TO',
    'CSP_REQUIRE_SRI_FOR',
    'CSP_REQUIRE_TRUSTED_TYPES_FOR',
    'CSP_TRUSTED_TYPES',
    'CSP_UPGRADE_INSECURE_REQUESTS',
    'CSP_BLOCK_ALL_MIXED_CONTENT',
    'CSP_REPORT_URI',
    'CSP_REPORT_TO',
];
const LEGACY_SETTINGS = [
    ...LEGACY_DIRECTIVE_SETTINGS,
    'CSP_REPORT_ONLY',
    'CSP_EXCLUDE_URL_PREFIXES',
    'CSP_REPORT_PERCENTAGE',
];
function anyTrue(answers) {
    if (answers.includes(true))
        return true;
    return answers.includes(undefined) ? undefined : false;
}
function agreed(answers, unknown) {
    const distinct = new Set(answers);
    return distinct.size === 1 ? answers[0] : unknown;
}
/** Whether a setting is written in the settings: undefined when a star import the model cannot see may set it. */
function presence(settings, name) {
    if (settings.has(name))
        return true;
    return settings.get(name).isAssigned ? undefined : false;
}
/** The first of `names` the settings set; undefined when none is set but an opaque import may set one. */
function firstPresent(settings, names) {
    let undecided = false;
    for (const name of names) {
        const present = presence(settings, name);
        if (present === true)
            return name;
        if (present === undefined)
            undecided = true;
    }
    return undecided ? undefined : false;
}
const CSP_LIKE_PATH = /csp|content_?security_?policy/i;
function middlewareFacts(settings) {
    const known = new Set([DJANGO_CSP_MIDDLEWARE, ...LIBRARY_CSP_MIDDLEWARE]);
    let undecided = false;
    let other;
    for (const value of outcomes(settings.get('MIDDLEWARE').value)) {
        if (value.kind !== 'list' && value.kind !== 'tuple') {
            undecided = true;
            continue;
        }
        for (const item of value.items) {
            for (const entry of outcomes(item)) {
                if (entry.kind !== 'str')
                    undecided = true;
                else if (!known.has(entry.value) && CSP_LIKE_PATH.test(entry.value))
                    other ??= entry.value;
            }
        }
    }
    return {
        builtin: hasMiddleware(settings, DJANGO_CSP_MIDDLEWARE),
        library: anyTrue(LIBRARY_CSP_MIDDLEWARE.map((path) => hasMiddleware(settings, path))),
        other: other ?? (undecided ? undefined : false),
    };
}
/**
 * Whether one directive's value is rendered. Django 6 (django/utils/csp.py build_policy) skips None, False
 * and empty lists; django-csp 4 skips None and a lone False, and renders an empty list as a bare directive.
 */
function directiveRenders(value, emptyRenders) {
    return agreed(outcomes(value).map((option) => {
        switch (option.kind) {
            case 'none':
                return false;
            case 'bool':
                return option.value;
            case 'int':
            case 'float':
                return option.value !== 0;
            case 'list':
            case 'tuple':
            case 'set': {
                if (option.items.length === 0)
                    return emptyRenders;
                const [only] = option.items;
                return option.items.length === 1 && only.kind === 'bool' ? only.value : true;
            }
            case 'unknown':
            case 'either':
                return undefined;
            default:
                return true;
        }
    }), undefined);
}
/** `SECURE_CSP` / `SECURE_CSP_REPORT_ONLY` on Django 6: a non-empty dict with a rendered directive applies. */
function builtinPolicyState(value) {
    return agreed(outcomes(value).map((option) => {
        if (option.kind === 'none')
            return 'empty';
        // Anything but a dict is security.E026, which Django's own check reports.
        if (option.kind !== 'dict')
            return 'unknown';
        const renders = anyTrue(option.entries.map(([, directive]) => directiveRenders(directive, false)));
        return renders === true ? 'applies' : renders === false ? 'empty' : 'unknown';
    }), 'unknown');
}
/**
 * django-csp 4: `CONTENT_SECURITY_POLICY` applies when it is a non-empty dict. Its "DIRECTIVES" are merged
 * over `default-src 'self'`, so `{"EXCLUDE_URL_PREFIXES": [...]}` alone still sends `default-src 'self'`;
 * `"DIRECTIVES": None` sends nothing.
 */
function libraryPolicyState(value) {
    return agreed(outcomes(value).map((option) => {
        if (option.kind === 'none')
            return 'empty';
        if (option.kind !== 'dict')
            return 'unknown';
        if (option.entries.length === 0)
            return 'empty';
        if (option.entries.some(([key]) => key.kind !== 'str'))
            return 'unknown';
        const directives = dictGet(option, 'DIRECTIVES');
        if (directives === undefined)
            return 'applies';
        return agreed(outcomes(directives).map((inner) => {
            if (inner.kind === 'none')
                return 'empty';
            if (inner.kind !== 'dict')
                return 'unknown';
            const defaultSrc = dictGet(inner, 'default-src');
            const renders = anyTrue([
                defaultSrc === undefined ? true : directiveRenders(defaultSrc, true),
                ...inner.entries.map(([, directive]) => directiveRenders(directive, true)),
            ]);
            return renders === true ? 'applies' : renders === false ? 'empty' : 'unknown';
        }), 'unknown');
    }), 'unknown');
}
/**
 * Which django-csp the settings are written for: the deployment fact when the engine read it from the
 * requirements, else the settings' shape: only 3.x `CSP_*` settings are read as 3.x (they apply there), only
 * `CONTENT_SECURITY_POLICY*` as 4.x; both, neither, or settings the model cannot see leave it unknown.
 */
function libraryVersion(settings, deployment) {
    const major = deployment.djangoCspMajor;
    const from = deployment.djangoCspSource ? ` (${deployment.djangoCspSource})` : '';
    if (major !== undefined && major >= 4)
        return { major: 4, label: `django-csp ${major}${from}` };
    if (major !== undefined)
        return { major: 3, label: `django-csp ${major}${from}` };
    const legacy = firstPresent(settings, LEGACY_SETTINGS);
    const modern = firstPresent(settings, ['CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY']);
    if (legacy && modern === false)
        return { major: 3, label: 'django-csp 3' };
    if (modern && legacy === false)
        return { major: 4, label: 'django-csp 4' };
    return { major: undefined, label: 'django-csp' };
}
function libraryPolicy(settings, version) {
    if (version.major === 4) {
        return {
            enforced: libraryPolicyState(settings.get('CONTENT_SECURITY_POLICY').value),
            reportOnly: libraryPolicyState(settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY').value),
        };
    }
    if (version.major === 3) {
        // 3.x always sends its one policy (default-src 'self' at least), as report-only when CSP_REPORT_ONLY is true.
        const reportOnly = truthy(settings.get('CSP_REPORT_ONLY').value);
        if (reportOnly === undefined)
            return { enforced: 'unknown', reportOnly: 'unknown' };
        return reportOnly ? { enforced: 'empty', reportOnly: 'applies' } : { enforced: 'applies', reportOnly: 'empty' };
    }
    return { enforced: 'unknown', reportOnly: 'unknown' };
}
function djangoLabel(django) {
    return `Django ${seriesLabel(django)} (${django.source})`;
}
const BUILTIN_POLICY_EXAMPLE = 'SECURE_CSP = {"default-src": [CSP.SELF], "object-src": [CSP.NONE], "base-uri": [CSP.NONE]} (from django.utils.csp import CSP)';
const LIBRARY_POLICY_EXAMPLE = 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "object-src": [NONE], "base-uri": [NONE]}} (from csp.constants import NONE, SELF)';
/** "SECURE_CSP is {} when CSP_ENABLED is unset" or "SECURE_CSP is not set". */
function stated(setting) {
    return setting.isAssigned ? `${setting.name} is ${setting.describe()}` : `${setting.name} is not set`;
}
const cspMissing = {
    kind: 'settings',
    id: 'csp-missing',
    level: 'warning',
    summary: 'No Content Security Policy is enforced in production',
    djangoChecks: [],
    seedItem: 6,
    securitySeverity: 5.4,
    tags: ['security', 'settings', 'xss', 'csp'],
    check({ settings, django, deployment, report }) {
        const builtinAvailable = atLeast(django, 6, 0);
        const middleware = middlewareFacts(settings);
        const version = libraryVersion(settings, deployment);
        const library = libraryPolicy(settings, version);
        const secureCsp = settings.get('SECURE_CSP');
        const secureCspReportOnly = settings.get('SECURE_CSP_REPORT_ONLY');
        const builtinEnforced = builtinPolicyState(secureCsp.value);
        const builtinReportOnly = builtinPolicyState(secureCspReportOnly.value);
        const middlewareSetting = settings.get('MIDDLEWARE');
        // An enforced policy that applies: nothing to report.
        if (builtinAvailable && middleware.builtin === true && builtinEnforced === 'applies')
            return;
        if (middleware.library === true && library.enforced === 'applies')
            return;
        // A provider the model does not know, or a MIDDLEWARE it cannot read: unknown stays unknown.
        if (middleware.other !== false)
            return;
        if (middleware.builtin === undefined || middleware.library === undefined)
            return;
        if (builtinAvailable && middleware.builtin && builtinEnforced === 'unknown')
            return;
        if (middleware.library && library.enforced === 'unknown')
            return;
        // From here no installed provider sends an enforced policy; say why, the most specific reason first.
        // django-csp 4 with django-csp 3 settings: the policy the project wrote is silently ignored.
        const legacy = firstPresent(settings, LEGACY_SETTINGS);
        if (middleware.library && version.major === 4 && legacy) {
            const setting = settings.get(legacy);
            report({
                span: setting.origin,
                setting: legacy,
                message: `${version.label} ignores the django-csp 3 settings such as ${legacy}, and ${stated(settings.get('CONTENT_SECURITY_POLICY'))}: the middleware sends ${library.reportOnly === 'applies' ? 'only the report-only policy' : 'no Content-Security-Policy header'}, so the policy written here never applies.`,
                fix: 'Move the CSP_* settings into CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], …}} (manage.py check prints the converted dict as csp.E001 when "csp" is in INSTALLED_APPS), then delete them',
            });
            return;
        }
        // Django's settings without Django's middleware, or on a Django that does not have them.
        const builtinSetting = [secureCsp, secureCspReportOnly].find((setting) => presence(settings, setting.name) === true && setting.truthy() !== false);
        if (!builtinAvailable && (builtinSetting || middleware.builtin)) {
            const where = builtinSetting ?? middlewareSetting;
            report({
                span: where.origin,
                setting: builtinSetting?.name ?? 'MIDDLEWARE',
                message: `${builtinSetting ? `${builtinSetting.name} is set` : `MIDDLEWARE lists ${DJANGO_CSP_MIDDLEWARE}`}, but Django's built-in Content Security Policy only exists from Django 6.0 and this project targets ${djangoLabel(django)}: no Content-Security-Policy header is sent${middleware.builtin ? ', and the middleware fails to import' : ''}.`,
                fix: `Upgrade to Django 6.0+ (MIDDLEWARE += ["${DJANGO_CSP_MIDDLEWARE}"]), or use django-csp: MIDDLEWARE += ["csp.middleware.CSPMiddleware"] and ${LIBRARY_POLICY_EXAMPLE}`,
            });
            return;
        }
        if (builtinAvailable && builtinSetting && !middleware.builtin) {
            report({
                span: builtinSetting.origin,
                setting: builtinSetting.name,
                message: `${builtinSetting.name} is set, but ${DJANGO_CSP_MIDDLEWARE} is not in MIDDLEWARE: Django sends no ${builtinSetting === secureCsp ? 'Content-Security-Policy' : 'Content-Security-Policy-Report-Only'} header, so the policy never reaches the browser.`,
                fix: `MIDDLEWARE += ["${DJANGO_CSP_MIDDLEWARE}"] (next to SecurityMiddleware)`,
            });
            return;
        }
        // django-csp's settings without its middleware.
        const librarySetting = [
            settings.get('CONTENT_SECURITY_POLICY'),
            settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY'),
        ]
            .filter((setting) => presence(settings, setting.name) === true && setting.truthy() !== false)
            .concat(legacy ? [settings.get(legacy)] : [])[0];
        if (librarySetting && !middleware.library) {
            report({
                span: librarySetting.origin,
                setting: librarySetting.name,
                message: `${librarySetting.name} is set, but django-csp's middleware (csp.middleware.CSPMiddleware) is not in MIDDLEWARE: no Content-Security-Policy header is sent.`,
                fix: 'MIDDLEWARE += ["csp.middleware.CSPMiddleware"]',
            });
            return;
        }
        // A report-only policy alone: violations are reported, nothing is blocked.
        const reportOnly = builtinAvailable && middleware.builtin && builtinReportOnly === 'applies'
            ? { setting: secureCspReportOnly, enforce: 'SECURE_CSP = {…the tested directives…}' }
            : middleware.library && version.major === 4 && library.reportOnly === 'applies'
                ? {
                    setting: settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY'),
                    enforce: 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {…the tested directives…}}',
                }
                : middleware.library && version.major === 3 && library.reportOnly === 'applies'
                    ? { setting: settings.get('CSP_REPORT_ONLY'), enforce: 'CSP_REPORT_ONLY = False' }
                    : undefined;
        if (reportOnly) {
            report({
                span: reportOnly.setting.origin,
                setting: reportOnly.setting.name,
                level: 'note',
                message: `Only a report-only Content Security Policy is sent (${stated(reportOnly.setting)}): browsers report violations but block nothing, so injected scripts still run.`,
                fix: `Once the reports are clean, enforce the policy: ${reportOnly.enforce}`,
            });
            return;
        }
        // A provider installed with an empty policy.
        if (middleware.library && version.major === 4) {
            const policy = settings.get('CONTENT_SECURITY_POLICY');
            report({
                span: policy.isAssigned ? policy.origin : middlewareSetting.origin,
                setting: 'CONTENT_SECURITY_POLICY',
                message: `csp.middleware.CSPMiddleware is installed, but ${stated(policy)}: ${version.label} sends no Content-Security-Policy header without a non-empty CONTENT_SECURITY_POLICY.`,
                fix: LIBRARY_POLICY_EXAMPLE,
            });
            return;
        }
        if (builtinAvailable && middleware.builtin) {
            report({
                span: secureCsp.isAssigned ? secureCsp.origin : middlewareSetting.origin,
                setting: 'SECURE_CSP',
                message: `${DJANGO_CSP_MIDDLEWARE} is installed, but ${secureCsp.isAssigned ? `SECURE_CSP is ${secureCsp.describe()}` : "SECURE_CSP is not set (Django's default is {})"}: ${secureCsp.truthy() ? 'none of its directives has a source, so the header Django sends is empty and restricts nothing' : 'Django sends no Content-Security-Policy header for an empty policy'}.`,
                fix: BUILTIN_POLICY_EXAMPLE,
            });
            return;
        }
        // No provider at all.
        report({
            span: middlewareSetting.origin,
            setting: 'MIDDLEWARE',
            message: builtinAvailable
                ? `No Content Security Policy is applied: MIDDLEWARE has neither Django's ${DJANGO_CSP_MIDDLEWARE} nor django-csp's CSPMiddleware, so nothing limits where scripts may come from and an injected script runs.`
                : `No Content Security Policy is applied: ${djangoLabel(django)} has no built-in CSP and MIDDLEWARE lacks django-csp's csp.middleware.CSPMiddleware, so nothing limits where scripts may come from and an injected script runs.`,
            fix: builtinAvailable
                ? `MIDDLEWARE += ["${DJANGO_CSP_MIDDLEWARE}"] and ${BUILTIN_POLICY_EXAMPLE}`
                : `pip install "django-csp>=4", MIDDLEWARE += ["csp.middleware.CSPMiddleware"] and ${LIBRARY_POLICY_EXAMPLE}`,
        });
    },
    docs: {
        what: "Checks that production sends an enforced `Content-Security-Policy` header, through Django 6's `ContentSecurityPolicyMiddleware` and `SECURE_CSP`, or through django-csp's `CSPMiddleware` and its settings (`CONTENT_SECURITY_POLICY` in 4.x, `CSP_*` in 3.x). It also catches the ways a written policy silently never applies: the middleware missing, `SECURE_CSP` on a Django older than 6.0, and django-csp 4 installed with django-csp 3's `CSP_*` settings.",
        why: 'A Content Security Policy tells the browser where scripts, styles and other resources may come from. When an attacker manages to inject markup (a template rendered with `|safe`, a `mark_safe` on user input, a third-party widget), the policy is what stops the injected script from running. Django escapes template output but sends no policy unless told to, and `check --deploy` does not notice its absence. The traps are quiet: `SECURE_CSP` without the middleware, or django-csp 4 with the old settings, both leave the site with no header at all while the settings look fine.',
        example: `# Django 6.x: the policy is written, but nothing sends it
from django.utils.csp import CSP

SECURE_CSP = {"default-src": [CSP.SELF]}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ...
]`,
        useInstead: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # ...
]

# Before Django 6.0, with django-csp 4:
# MIDDLEWARE += ["csp.middleware.CSPMiddleware"]
# CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "object-src": [NONE]}}`,
        notes: [
            "Django 6.0+: the policy applies when `django.middleware.csp.ContentSecurityPolicyMiddleware` is in `MIDDLEWARE` and `SECURE_CSP` is a dict with at least one directive Django renders (an empty dict, the default, sends no header). `SECURE_CSP` set without the middleware is reported at the setting. Before 6.0 the setting does not exist and is reported as doing nothing; the Django version is the one the project's requirements name, the newest release when none does.",
            "django-csp 4.x sends nothing unless `CONTENT_SECURITY_POLICY` is a non-empty dict; its `DIRECTIVES` are merged over `default-src 'self'`. django-csp 3.x sends `default-src 'self'` with the middleware alone, and whatever `CSP_*` settings add. django-csp 4 ignores the `CSP_*` settings (its csp.E001 check says so only when `\"csp\"` is in `INSTALLED_APPS`, and only under `manage.py check`, not under gunicorn).",
            "The django-csp version comes from the project's requirements when the scanner knows it. Otherwise the settings' shape decides: `CSP_*` settings alone are taken as django-csp 3 (their policy applies), `CONTENT_SECURITY_POLICY` alone as django-csp 4. With the middleware and no policy setting at all, or with both shapes, nothing is reported until the version is known.",
            'A report-only policy alone (`SECURE_CSP_REPORT_ONLY`, `CONTENT_SECURITY_POLICY_REPORT_ONLY`, or `CSP_REPORT_ONLY = True` in django-csp 3) is a note: violations are reported, nothing is blocked.',
            "Another middleware whose path names CSP (a subclass of Django's or django-csp's, django-security's `ContentSecurityPolicyMiddleware`) is taken as a provider whose policy the scanner cannot see: nothing is reported. A policy set by the web server or CDN is invisible to the settings: turn the rule off for that project in the config file (`rules: {csp-missing: off}`), or keep the finding in the baseline.",
            'Settings the scanner cannot evaluate (an undecided branch, a star import from outside the project, a value built at runtime) are not reported.',
        ],
        references: [
            { title: 'Django: Content Security Policy', url: 'https://docs.djangoproject.com/en/stable/ref/csp/' },
            { title: 'Django how-to: using CSP', url: 'https://docs.djangoproject.com/en/stable/howto/csp/' },
            {
                title: 'Django settings: SECURE_CSP',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-csp',
            },
            {
                title: 'django-csp: configuration',
                url: 'https://django-csp.readthedocs.io/en/latest/configuration.html',
            },
            {
                title: 'django-csp 4.0 migration guide',
                url: 'https://django-csp.readthedocs.io/en/latest/migration-guide.html',
            },
            {
                title: 'MDN: Content Security Policy',
                url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CSP',
            },
        ],
    },
};
function tokensOf(text) {
    return text.split(/\s+/).filter(Boolean);
}
/** The sources of one list item (or of a string directive value): certain on every path, possible on some. */
function itemSources(item) {
    const perOption = outcomes(item).map((option) => {
        if (option.kind === 'str')
            return tokensOf(option.value).map((written) => ({ token: written.toLowerCase(), written, item: option }));
        // An unknown value may be any source; None, a bool or a number is none.
        return option.kind === 'unknown' || option.kind === 'object' ? undefined : [];
    });
    const known = perOption.filter((sources) => sources !== undefined);
    const open = known.length < perOption.length;
    const possible = known.flat().map((source) => source.token);
    const certain = open
        ? []
        : (known[0] ?? []).filter((source) => known.every((sources) => sources.some((s) => s.token === source.token)));
    return { certain, possible, open };
}
function directiveOption(option, emptyIsAbsent) {
    const none = { present: false, sources: [], possible: [], open: false };
    switch (option.kind) {
        case 'unknown':
        case 'either':
            return { present: undefined, sources: [], possible: [], open: true };
        case 'none':
            return none;
        case 'bool':
            return option.value ? { ...none, present: true } : none;
        case 'str': {
            const found = itemSources(option);
            return { present: true, sources: found.certain, possible: found.possible, open: false };
        }
        case 'list':
        case 'tuple':
        case 'set': {
            if (option.items.length === 0 && emptyIsAbsent)
                return none;
            const found = option.items.map(itemSources);
            return {
                present: true,
                sources: found.flatMap((f) => f.certain),
                possible: found.flatMap((f) => f.possible),
                open: found.some((f) => f.open),
            };
        }
        default:
            return { ...none, present: true };
    }
}
/** A directive's value, under the rendering rules of its provider (see directiveRenders). */
function directiveOf(name, value, emptyIsAbsent, through) {
    const perOption = outcomes(value).map((option) => directiveOption(option, emptyIsAbsent));
    const answers = perOption.map((option) => option.present);
    const present = answers.every((p) => p === true) ? true : answers.every((p) => p === false) ? false : undefined;
    const [first] = perOption;
    const certain = present === true && first
        ? first.sources.filter((source) => perOption.every((option) => option.sources.some((s) => s.token === source.token)))
        : [];
    return {
        name,
        present,
        certain,
        possible: new Set(perOption.flatMap((option) => option.possible)),
        open: perOption.some((option) => option.open),
        through: [...through, value],
    };
}
/** A dict of directives (Django 6's SECURE_CSP, django-csp 4's DIRECTIVES) as a policy lookup. */
function dictPolicy(dict, emptyIsAbsent, through) {
    const keysKnown = dict.entries.every(([key]) => key.kind === 'str');
    return (name) => {
        const entry = dict.entries.find(([key]) => key.kind === 'str' && key.value.toLowerCase() === name);
        if (entry)
            return directiveOf(name, entry[1], emptyIsAbsent, [...through, dict]);
        return {
            name,
            present: keysKnown ? false : undefined,
            certain: [],
            possible: new Set(),
            open: !keysKnown,
            through,
        };
    };
}
const NONCE_OR_HASH = /^'(nonce-[^']+|sha(256|384|512)-[^']+)'$|^<csp_nonce_sentinel>$/;
const STRICT_DYNAMIC = "'strict-dynamic'";
const SCRIPT_FETCH = ['script-src', 'script-src-elem', 'default-src'];
const RISKS = new Map(Object.entries({
    "'unsafe-inline'": {
        directives: ['script-src', 'script-src-elem', 'script-src-attr', 'default-src'],
        ignoredWithNonceOrHash: true,
        ignoredWithStrictDynamic: true,
        why: (directive) => `${directive === 'script-src-attr' ? 'on* event attributes run' : directive === 'script-src-elem' ? 'inline <script> blocks run' : 'inline <script> blocks and on* event attributes run'}, so markup an attacker injects executes and the policy does not stop XSS`,
        fix: (policy, directive) => directive === 'script-src-attr'
            ? `Replace on* attributes with addEventListener() in static files and drop 'unsafe-inline' from ${policy.label(directive)}`
            : `Move inline scripts to static files or give them a nonce: ${policy.nonceFix}`,
    },
    "'unsafe-eval'": {
        directives: ['script-src', 'default-src'],
        ignoredWithNonceOrHash: false,
        ignoredWithStrictDynamic: false,
        why: () => 'eval(), new Function() and string timers turn text into code, so data an attacker controls can run',
        fix: () => "Remove 'unsafe-eval' and replace eval()/new Function() in the scripts ('wasm-unsafe-eval' if only WebAssembly needs it)",
    },
    '*': {
        directives: SCRIPT_FETCH,
        ignoredWithNonceOrHash: false,
        ignoredWithStrictDynamic: true,
        why: () => 'scripts may load from any host, including one an attacker controls',
        fix: (policy) => `List the hosts scripts come from instead: ${policy.hostFix}`,
    },
    'http:': {
        directives: SCRIPT_FETCH,
        ignoredWithNonceOrHash: false,
        ignoredWithStrictDynamic: true,
        why: () => 'scripts may load from any host over plain HTTP, which anyone on the network path can also rewrite',
        fix: (policy) => `List the hosts scripts come from, over https: ${policy.hostFix}`,
    },
    'https:': {
        directives: SCRIPT_FETCH,
        ignoredWithNonceOrHash: false,
        ignoredWithStrictDynamic: true,
        why: () => 'scripts may load from any HTTPS host, including one an attacker controls',
        fix: (policy) => `List the hosts scripts come from instead: ${policy.hostFix}`,
    },
    'data:': {
        directives: SCRIPT_FETCH,
        ignoredWithNonceOrHash: false,
        ignoredWithStrictDynamic: true,
        why: () => 'a data: URL is a script the attacker writes into the page itself (<script src="data:...">)',
        fix: () => 'Remove data: from the script sources (keep it in img-src if images need it)',
    },
}));
function isNeutralised(directive, test) {
    // An unknown part of the directive may be a nonce, a hash or 'strict-dynamic': then nothing is established.
    return directive.open || [...directive.possible].some(test);
}
/** The enforced policies production sends, each established by the settings; none when that is not known. */
function enforcedPolicies(settings, django, deployment) {
    const middleware = middlewareFacts(settings);
    const policies = [];
    // A middleware that names CSP but is neither provider may be a subclass of either: its settings then apply.
    const other = typeof middleware.other === 'string';
    if (atLeast(django, 6, 0) && (middleware.builtin === true || other)) {
        const setting = settings.get('SECURE_CSP');
        policies.push(outcomes(setting.value).map((option) => option.kind === 'dict'
            ? {
                setting: 'SECURE_CSP',
                label: (name) => `SECURE_CSP["${name}"]`,
                directive: dictPolicy(option, true, [setting.value]),
                nonceFix: '"script-src": [CSP.SELF, CSP.NONCE] (with the csp context processor and nonce="{{ csp_nonce }}")',
                hostFix: '"script-src": [CSP.SELF, "https://cdn.example.com"]',
            }
            : unknownPolicy('SECURE_CSP')));
    }
    if (middleware.library === true || other) {
        const version = libraryVersion(settings, deployment);
        if (version.major === 4) {
            const setting = settings.get('CONTENT_SECURITY_POLICY');
            policies.push(outcomes(setting.value).flatMap((option) => {
                if (option.kind !== 'dict')
                    return [unknownPolicy('CONTENT_SECURITY_POLICY')];
                const directives = dictGet(option, 'DIRECTIVES') ?? { ...option, kind: 'dict', entries: [] };
                return outcomes(directives).map((inner) => inner.kind === 'dict'
                    ? {
                        setting: 'CONTENT_SECURITY_POLICY',
                        label: (name) => `CONTENT_SECURITY_POLICY["DIRECTIVES"]["${name}"]`,
                        directive: withDefaultSelf(dictPolicy(inner, false, [setting.value, option])),
                        nonceFix: '"script-src": [SELF, NONCE] (from csp.constants; nonce="{{ request.csp_nonce }}" in templates)',
                        hostFix: '"script-src": [SELF, "https://cdn.example.com"]',
                    }
                    : unknownPolicy('CONTENT_SECURITY_POLICY'));
            }));
        }
        else if (version.major === 3 && truthy(settings.get('CSP_REPORT_ONLY').value) === false) {
            policies.push([legacyPolicy(settings)]);
        }
    }
    return policies;
}
/** django-csp 4 merges DIRECTIVES over `default-src 'self'`: without the key, default-src is 'self'. */
function withDefaultSelf(lookup) {
    return (name) => {
        const directive = lookup(name);
        if (name !== 'default-src' || directive.present !== false || directive.open)
            return directive;
        return { ...directive, present: true };
    };
}
function unknownPolicy(setting) {
    return {
        setting,
        label: (name) => name,
        directive: (name) => ({ name, present: undefined, certain: [], possible: new Set(), open: true, through: [] }),
        nonceFix: '',
        hostFix: '',
    };
}
/** django-csp 3: one setting per directive, `CSP_SCRIPT_SRC` for script-src. */
function legacyPolicy(settings) {
    const nonceIn = settings.has('CSP_INCLUDE_NONCE_IN') ? settings.get('CSP_INCLUDE_NONCE_IN').value : undefined;
    const settingOf = (name) => `CSP_${name.toUpperCase().replace(/-/g, '_')}`;
    return {
        setting: 'CSP_*',
        label: settingOf,
        directive: (name) => {
            const settingName = settingOf(name);
            const present = presence(settings, settingName);
            if (present === false) {
                // CSP_DEFAULT_SRC defaults to ("'self'",), which no rule here objects to.
                return { name, present: name === 'default-src', certain: [], possible: new Set(), open: false, through: [] };
            }
            const setting = settings.get(settingName);
            const directive = directiveOf(name, setting.value, false, []);
            // 3.x adds the nonce (when a template used it) to the directives CSP_INCLUDE_NONCE_IN names; only an
            // explicit setting counts: its default, ["default-src"], says nothing about the project using nonces.
            if (nonceIn !== undefined) {
                for (const option of outcomes(nonceIn)) {
                    const entries = option.kind === 'list' || option.kind === 'tuple' || option.kind === 'set' ? option.items : [option];
                    for (const entry of entries.map(itemSources)) {
                        if (entry.open)
                            directive.open = true;
                        if (entry.possible.includes(name))
                            directive.possible.add('<csp_nonce_sentinel>');
                    }
                }
            }
            return directive;
        },
        nonceFix: `${settingOf('script-src')} = ("'self'",) with CSP_INCLUDE_NONCE_IN = ("script-src",) and nonce="{{ request.csp_nonce }}" on the scripts`,
        hostFix: `${settingOf('script-src')} = ("'self'", "https://cdn.example.com")`,
    };
}
/** The unsafe sources one policy establishes, keyed by directive and source. */
function unsafeSourcesOf(policy) {
    const found = [];
    const scriptSrc = policy.directive('script-src');
    const checked = [];
    if (scriptSrc.present === true)
        checked.push({ directive: scriptSrc });
    for (const name of ['script-src-elem', 'script-src-attr']) {
        const directive = policy.directive(name);
        if (directive.present === true)
            checked.push({ directive });
    }
    // Scripts fall back to default-src only when script-src is absent.
    if (scriptSrc.present === false && !scriptSrc.open) {
        const fallback = policy.directive('default-src');
        if (fallback.present === true)
            checked.push({ directive: fallback, governsBecause: 'script-src is not set' });
    }
    for (const { directive, governsBecause } of checked) {
        const nonceOrHash = isNeutralised(directive, (token) => NONCE_OR_HASH.test(token));
        const strictDynamic = isNeutralised(directive, (token) => token === STRICT_DYNAMIC);
        for (const source of directive.certain) {
            const risk = RISKS.get(source.token);
            if (!risk || !risk.directives.includes(directive.name))
                continue;
            if (risk.ignoredWithNonceOrHash && nonceOrHash)
                continue;
            if (risk.ignoredWithStrictDynamic && strictDynamic)
                continue;
            found.push({ key: `${directive.name}\0${source.token}`, source, directive, governsBecause, policy });
        }
    }
    return found;
}
function conditionsOf(values) {
    return mergeEnv(...values.map((value) => mergeEnv(value.env, value.conditions ?? [])));
}
function spanKey(span) {
    return `${span.file}:${span.line}:${span.column}`;
}
const cspUnsafeSource = {
    kind: 'settings',
    id: 'csp-unsafe-source',
    level: 'warning',
    summary: "The Content Security Policy lets scripts run from unsafe sources ('unsafe-inline', 'unsafe-eval', *, http:, https:, data:)",
    djangoChecks: [],
    seedItem: 6,
    securitySeverity: 5.4,
    tags: ['security', 'settings', 'xss', 'csp'],
    check({ settings, django, deployment, report }) {
        const reported = new Set();
        for (const alternatives of enforcedPolicies(settings, django, deployment)) {
            // An undecided branch between policies: only what every branch establishes is reported.
            const perAlternative = alternatives.map(unsafeSourcesOf);
            const [first = []] = perAlternative;
            for (const unsafe of first) {
                if (!perAlternative.every((found) => found.some((other) => other.key === unsafe.key)))
                    continue;
                const { source, directive, governsBecause, policy } = unsafe;
                const where = `${spanKey(source.item.span)}\0${unsafe.key}`;
                if (reported.has(where))
                    continue;
                reported.add(where);
                const risk = RISKS.get(source.token);
                const how = describeEnvironment(conditionsOf([...directive.through, source.item]), source.item.span);
                const named = governsBecause
                    ? `${policy.label(directive.name)}, which governs scripts because ${governsBecause},`
                    : policy.label(directive.name);
                report({
                    span: source.item.span,
                    setting: policy.setting === 'CSP_*' ? policy.label(directive.name) : policy.setting,
                    message: `${named} allows ${source.written.startsWith("'") ? source.written : `"${source.written}"`}${how ? ` ${how}` : ''}: ${risk.why(directive.name)}.`,
                    fix: risk.fix(policy, directive.name),
                });
            }
        }
    },
    docs: {
        what: "Flags sources in the enforced Content Security Policy that let scripts run anyway: `'unsafe-inline'`, `'unsafe-eval'`, `*`, `http:`, `https:` and `data:` in `script-src`, `script-src-elem` and `script-src-attr`, and in `default-src` when `script-src` is not set (scripts then fall back to it). It reads all three shapes: Django 6's `SECURE_CSP` (with `django.utils.csp.CSP` constants), django-csp 4's `CONTENT_SECURITY_POLICY[\"DIRECTIVES\"]` and django-csp 3's `CSP_SCRIPT_SRC`-style tuples.",
        why: "A policy's value is in what it refuses. `'unsafe-inline'` lets any inline `<script>` or `onerror=` attribute run, which is exactly what a cross-site scripting payload is; `'unsafe-eval'` turns strings into code; `*`, `http:`, `https:` and `data:` let a script come from anywhere, a host the attacker runs or a `data:` URL they write into the page. With one of these in the script directives the header is present, scanners see a policy, and injected scripts run as if there were none.",
        example: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, "https:"],
}`,
        useInstead: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, "https://cdn.example.com"],
}
# templates: <script nonce="{{ csp_nonce }}">, with
# "django.template.context_processors.csp" in the context processors`,
        notes: [
            "`'unsafe-inline'` next to a nonce or a hash (`'nonce-…'`, `CSP.NONCE`, `'sha256-…'`) in the same directive is not reported: browsers supporting CSP level 2 or later ignore it then, and it only serves older browsers. Django and django-csp put the nonce in the header only on responses whose template used it; on other pages `'unsafe-inline'` stays in effect, so keep it out of policies that do not need it.",
            "Next to `'strict-dynamic'` (CSP level 3), browsers ignore `'unsafe-inline'`, host sources and schemes in script directives, so they are not reported there; `'unsafe-eval'` still is.",
            'For django-csp 3, a nonce counts only when `CSP_INCLUDE_NONCE_IN` is set and names the directive: its default, `["default-src"]`, says nothing about the project using nonces.',
            "`'unsafe-inline'` in `style-src` and `data:` in `img-src` or `font-src` are not reported: injected styles and images can leak data but do not run code, and both are common in working policies. `default-src` is not checked for scripts when `script-src` is set.",
            'Only the enforced policy that applies is checked: report-only policies, `SECURE_CSP` before Django 6.0, a policy whose middleware is missing, and django-csp settings of the other major version are left to csp-missing.',
            'A source from an environment read is reported with the condition ("when CSP_SCRIPT_SRC is unset"). A directive with a part the scanner cannot evaluate (an unknown variable, a constant it does not know) is not judged for sources that part could neutralise, such as a nonce; an undecided branch is reported only for what every branch contains.',
        ],
        references: [
            { title: 'Django: Content Security Policy', url: 'https://docs.djangoproject.com/en/stable/ref/csp/' },
            {
                title: 'django-csp: configuration',
                url: 'https://django-csp.readthedocs.io/en/latest/configuration.html',
            },
            {
                title: 'MDN: script-src',
                url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/script-src',
            },
            { title: 'CSP Level 3: strict-dynamic and nonces', url: 'https://www.w3.org/TR/CSP3/#strict-dynamic-usage' },
            { title: 'web.dev: strict CSP', url: 'https://web.dev/articles/strict-csp' },
            {
                title: 'OWASP Content Security Policy Cheat Sheet',
                url: 'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
            },
        ],
    },
};

const xFrameOptionsMiddlewareMissing = {
    kind: 'settings',
    id: 'x-frame-options-middleware-missing',
    level: 'warning',
    summary: 'XFrameOptionsMiddleware is not in MIDDLEWARE, so pages can be framed (clickjacking)',
    djangoChecks: ['security.W002'],
    seedItem: 7,
    securitySeverity: 4.3,
    tags: ['security', 'settings', 'clickjacking'],
    check({ settings, report }) {
        if (hasMiddleware(settings, CLICKJACKING_MIDDLEWARE) !== false)
            return;
        const middleware = settings.get('MIDDLEWARE');
        report({
            span: middleware.origin,
            setting: 'MIDDLEWARE',
            djangoCheck: 'security.W002',
            message: `MIDDLEWARE ${middleware.isAssigned ? 'does not include' : 'is not set, so it lacks'} "${CLICKJACKING_MIDDLEWARE}": responses carry no X-Frame-Options header, so other sites can frame your pages and trick users into clicking them.`,
            fix: `Add "${CLICKJACKING_MIDDLEWARE}" to MIDDLEWARE`,
        });
    },
    docs: {
        what: "Checks that `XFrameOptionsMiddleware` is in `MIDDLEWARE`, as Django's security.W002 does.",
        why: 'The middleware sends `X-Frame-Options` on every response. Without it, any site can load your pages in an invisible frame and have users click buttons they cannot see (clickjacking).',
        example: `MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]`,
        useInstead: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]`,
        notes: [
            "A Content Security Policy with `frame-ancestors` also prevents framing in current browsers; Django's check does not consider it, and neither does this rule.",
        ],
        references: [
            { title: 'Clickjacking protection', url: 'https://docs.djangoproject.com/en/stable/ref/clickjacking/' },
            { title: 'System check security.W002', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};
const xFrameOptionsWeak = {
    kind: 'settings',
    id: 'x-frame-options-weak',
    level: 'warning',
    summary: 'X_FRAME_OPTIONS is not "DENY"',
    djangoChecks: ['security.W019'],
    seedItem: 7,
    securitySeverity: 3.1,
    tags: ['security', 'settings', 'clickjacking'],
    check({ settings, report }) {
        if (hasMiddleware(settings, CLICKJACKING_MIDDLEWARE) !== true)
            return;
        const option = settings.get('X_FRAME_OPTIONS');
        const isDeny = pyEquals(option.value, make('str', { value: 'DENY' }, option.origin));
        if (isDeny !== false)
            return;
        report({
            span: option.origin,
            setting: 'X_FRAME_OPTIONS',
            djangoCheck: 'security.W019',
            message: option.value.kind === 'str' && option.value.value.toUpperCase() === 'DENY'
                ? `X_FRAME_OPTIONS is ${option.describe()}: the middleware sends DENY, but Django's check compares case-sensitively and reports it.`
                : `X_FRAME_OPTIONS is ${option.describe()}, not "DENY": any page of this site that an attacker can inject markup into can frame and clickjack the others.`,
            fix: 'X_FRAME_OPTIONS = "DENY" (keep "SAMEORIGIN" only if the site frames its own pages, and silence this rule with that reason)',
        });
    },
    docs: {
        what: 'Checks that `X_FRAME_OPTIONS` is exactly `"DENY"` when `XFrameOptionsMiddleware` is installed, as Django\'s security.W019 does.',
        why: "`SAMEORIGIN` lets pages of your own site frame each other, so a single page where an attacker can inject markup can frame and clickjack the rest. `DENY` is Django's default since 3.0 and the checklist's advice unless the site really frames itself.",
        example: `X_FRAME_OPTIONS = "SAMEORIGIN"`,
        useInstead: `X_FRAME_OPTIONS = "DENY"`,
        notes: [
            'The comparison is case-sensitive, like Django\'s: `"deny"` is reported even though the middleware upper-cases it when sending the header.',
            'Only checked when the middleware is installed; without it, `x-frame-options-middleware-missing` applies.',
        ],
        references: [
            {
                title: 'Django settings: X_FRAME_OPTIONS',
                url: 'https://docs.djangoproject.com/en/stable/ref/settings/#x-frame-options',
            },
            { title: 'System check security.W019', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
        ],
    },
};

const SETTINGS_RULES = [
    debugEnabled,
    allowedHostsMissing,
    allowedHostsWildcard,
    sslRedirectDisabled,
    proxySslHeaderInvalid,
    hstsMissing,
    hstsTooShort,
    hstsSubdomainsMissing,
    hstsPreloadMissing,
    sessionCookieInsecure,
    sessionCookieHttponlyDisabled,
    csrfCookieInsecure,
    csrfCookieHttponlyDisabled,
    cspMissing,
    cspUnsafeSource,
    xFrameOptionsMiddlewareMissing,
    xFrameOptionsWeak,
    secretKeyHardcoded,
    secretKeyWeak,
    credentialHardcoded,
    securityMiddlewareMissing,
    csrfMiddlewareMissing,
    contentTypeNosniffDisabled,
    referrerPolicyMissing,
    crossOriginOpenerPolicyInvalid,
];
const CODE_RULES = [rawSqlInjection];
const ENGINE_RULES = [
    fileSkipped,
    pythonSyntaxError,
    settingsIncomplete,
    djangoCheck,
    deployCheckFailed,
];
const ALL_RULES = [...SETTINGS_RULES, ...CODE_RULES, ...ENGINE_RULES];
function findRule(id) {
    return ALL_RULES.find((rule) => rule.id === id);
}

/** Bad invocation, configuration or project layout: the CLI exits with code 2 and this one-line reason. */
class UsageError extends Error {
}

const CONFIG_FILE_NAME = '.django-security.yml';
const FAIL_ON_VALUES = ['error', 'warning', 'note', 'never'];
/** A config file the gate cannot use: the message carries file, line and column. */
class ConfigError extends UsageError {
}
const KNOWN_KEYS = [
    'fail-on',
    'settings',
    'exclude',
    'rules',
    'max-file-size',
    'baseline',
    'env',
    'django-version',
    'tls-terminated-by-proxy',
    'deploy-check-timeout',
    'deploy-check-tags',
    'deploy-check-failure',
];
function emptyConfig() {
    return { exclude: [], rules: new Map(), env: new Map(), deployCheckTags: [] };
}
/** The config file to use: the one named, else `.django-security.yml` in the scanned folder or the repository root. */
function locateConfig(explicit, path, repoRoot) {
    if (explicit) {
        if (!existsSync(explicit))
            throw new ConfigError(`config file ${explicit} does not exist`);
        return explicit;
    }
    for (const folder of [path, repoRoot]) {
        const candidate = join$1(folder, CONFIG_FILE_NAME);
        if (existsSync(candidate))
            return candidate;
    }
    return undefined;
}
function loadConfig(file, repoRoot) {
    if (!file)
        return emptyConfig();
    const config = parseConfig(readFileSync(file, 'utf8'), relative(repoRoot, file) || file);
    config.folder = dirname(resolve(file));
    return config;
}
function parseConfig(text, fileLabel) {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false });
    const where = (node) => {
        const offset = node && 'range' in node && node.range ? node.range[0] : 0;
        const { line, col } = lineCounter.linePos(offset);
        return `${fileLabel}:${line}:${col}`;
    };
    if (document.errors.length > 0) {
        const error = document.errors[0];
        const { line, col } = lineCounter.linePos(error.pos[0]);
        throw new ConfigError(`${fileLabel}:${line}:${col}: ${error.message.split('\n')[0]}`);
    }
    const config = emptyConfig();
    config.file = fileLabel;
    const root = document.contents;
    if (root === null || root === undefined)
        return config;
    if (!isMap(root))
        throw new ConfigError(`${where(root)}: the config file must be a mapping of keys to values`);
    for (const pair of root.items) {
        const keyNode = pair.key;
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        const valueNode = pair.value;
        const scalar = () => {
            if (!isScalar(valueNode) || valueNode.value === null)
                throw new ConfigError(`${where(valueNode ?? keyNode)}: ${key} must be a single value`);
            return String(valueNode.value);
        };
        switch (key) {
            case 'fail-on': {
                const value = scalar();
                if (!FAIL_ON_VALUES.includes(value)) {
                    throw new ConfigError(`${where(valueNode)}: fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${value}"`);
                }
                config.failOn = value;
                break;
            }
            case 'settings':
                config.settings = scalar();
                break;
            case 'baseline':
                config.baseline = scalar();
                break;
            case 'django-version': {
                const value = scalar();
                if (!/^\d+\.\d+(\.\d+)?$/.test(value)) {
                    throw new ConfigError(`${where(valueNode)}: django-version must look like 4.2 or 5.2.3, not "${value}"`);
                }
                config.djangoVersion = value;
                break;
            }
            case 'deploy-check-timeout': {
                const value = Number(scalar());
                if (!Number.isFinite(value) || value <= 0) {
                    throw new ConfigError(`${where(valueNode)}: deploy-check-timeout must be a positive number of seconds`);
                }
                config.deployCheckTimeout = value;
                break;
            }
            case 'deploy-check-tags': {
                if (!isSeq(valueNode))
                    throw new ConfigError(`${where(valueNode ?? keyNode)}: deploy-check-tags must be a list of check tags`);
                for (const item of valueNode.items) {
                    if (!isScalar(item) || typeof item.value !== 'string' || !/^[\w-]+$/.test(item.value)) {
                        throw new ConfigError(`${where(item)}: each deploy-check tag must be a word such as security`);
                    }
                    config.deployCheckTags.push(item.value);
                }
                break;
            }
            case 'deploy-check-failure': {
                const value = scalar();
                if (value !== 'error' && value !== 'warning') {
                    throw new ConfigError(`${where(valueNode)}: deploy-check-failure must be error or warning, not "${value}"`);
                }
                config.deployCheckFailure = value;
                break;
            }
            case 'tls-terminated-by-proxy': {
                if (!isScalar(valueNode) || typeof valueNode.value !== 'boolean') {
                    throw new ConfigError(`${where(valueNode ?? keyNode)}: tls-terminated-by-proxy must be true or false`);
                }
                config.tlsTerminatedByProxy = valueNode.value;
                break;
            }
            case 'max-file-size': {
                const value = Number(scalar());
                if (!Number.isInteger(value) || value <= 0) {
                    throw new ConfigError(`${where(valueNode)}: max-file-size must be a positive number of bytes`);
                }
                config.maxFileBytes = value;
                break;
            }
            case 'exclude': {
                if (!isSeq(valueNode))
                    throw new ConfigError(`${where(valueNode ?? keyNode)}: exclude must be a list of paths or glob patterns`);
                for (const item of valueNode.items) {
                    if (!isScalar(item) || typeof item.value !== 'string') {
                        throw new ConfigError(`${where(item)}: each exclude entry must be a string`);
                    }
                    config.exclude.push(item.value);
                }
                break;
            }
            case 'rules': {
                if (!isMap(valueNode))
                    throw new ConfigError(`${where(valueNode ?? keyNode)}: rules must map rule ids to off, error, warning or note`);
                for (const rulePair of valueNode.items) {
                    const idNode = rulePair.key;
                    const id = isScalar(idNode) ? String(idNode.value) : '';
                    if (!findRule(id))
                        throw new ConfigError(`${where(idNode)}: unknown rule "${id}" (django-security-gate --list-rules lists them)`);
                    const levelNode = rulePair.value;
                    const level = isScalar(levelNode) ? String(levelNode.value) : '';
                    if (level !== 'off' && !LEVELS.includes(level)) {
                        throw new ConfigError(`${where(levelNode)}: rule ${id} must be set to off, error, warning or note, not "${level}"`);
                    }
                    config.rules.set(id, level);
                }
                break;
            }
            case 'env': {
                if (!isMap(valueNode))
                    throw new ConfigError(`${where(valueNode ?? keyNode)}: env must map variable names to values`);
                for (const envPair of valueNode.items) {
                    const name = isScalar(envPair.key) ? String(envPair.key.value) : '';
                    const value = envPair.value;
                    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !isScalar(value)) {
                        throw new ConfigError(`${where(envPair.key)}: env entries must be NAME: value`);
                    }
                    config.env.set(name, String(value.value ?? ''));
                }
                break;
            }
            default:
                throw new ConfigError(`${where(keyNode)}: unknown key "${key}" (known keys: ${KNOWN_KEYS.join(', ')})`);
        }
    }
    return config;
}

/** Kept in step with package.json by a test; the bundles cannot read package.json at run time. */
const TOOL_NAME = 'django-security-gate';
const TOOL_VERSION = '0.1.0';
const DOCS_BASE_URL = 'https://github.com/django-security-gate/django-security-gate/blob/main/docs/rules';
function ruleDocsUrl(ruleId) {
    return `${DOCS_BASE_URL}/${ruleId}.md`;
}

/** design.md's JSON contract: { version, tool, findings, summary }. */
function renderJson(report) {
    const document = {
        version: 1,
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        findings: report.findings,
        summary: report.summary,
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}

const LEVEL_WORD = { error: 'Error', warning: 'Warning', note: 'Note' };
/** A rule's documentation page (docs/rules/<id>.md) and SARIF help, in Ruff's order of sections. */
function renderRuleDocs(rule) {
    const { docs } = rule;
    const lines = [
        `# ${rule.id}`,
        '',
        `${rule.summary}.`,
        '',
        `- Default level: ${LEVEL_WORD[rule.level]}`,
        `- Django check: ${rule.djangoChecks.length ? rule.djangoChecks.map((id) => `\`${id}\``).join(', ') : 'none (Django does not check this)'}`,
        ...(rule.seedItem ? [`- Checklist item: ${rule.seedItem}`] : []),
        '',
        '## What it does',
        '',
        docs.what,
        '',
        '## Why is this bad?',
        '',
        docs.why,
        '',
        '## Example',
        '',
        '```python',
        docs.example,
        '```',
        '',
        'Use instead:',
        '',
        '```python',
        docs.useInstead,
        '```',
        '',
    ];
    if (docs.notes?.length) {
        lines.push('## Notes', '', ...docs.notes.map((note) => `- ${note}`), '');
    }
    lines.push('## References', '', ...docs.references.map((ref) => `- [${ref.title}](${ref.url})`), '');
    return lines.join('\n');
}
function ruleHelpUri(rule) {
    return ruleDocsUrl(rule.id);
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
function pascalCase(id) {
    return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, ch) => ch.toUpperCase());
}
function sarifRule(rule) {
    return {
        id: rule.id,
        name: pascalCase(rule.id),
        shortDescription: { text: rule.summary },
        fullDescription: { text: rule.docs.what },
        helpUri: ruleHelpUri(rule),
        help: { text: `${rule.docs.what}\n\n${rule.docs.why}`, markdown: renderRuleDocs(rule) },
        defaultConfiguration: { level: rule.level },
        properties: {
            tags: rule.tags,
            precision: 'high',
            'security-severity': rule.securitySeverity.toFixed(1),
            ...(rule.djangoChecks.length ? { djangoChecks: rule.djangoChecks } : {}),
        },
    };
}
/** SARIF 2.1.0, one run, for GitHub code scanning (github/codeql-action/upload-sarif). */
function renderSarif(report) {
    const rules = ALL_RULES.filter((rule) => report.rulesRun.includes(rule) || report.findings.some((f) => f.ruleId === rule.id));
    const index = new Map(rules.map((rule, i) => [rule.id, i]));
    const results = report.findings.map((finding) => ({
        ruleId: finding.ruleId,
        ruleIndex: index.get(finding.ruleId),
        level: finding.level,
        message: { text: `${finding.message}\nFix: ${finding.fix}` },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
                    region: {
                        startLine: finding.line,
                        startColumn: finding.column,
                        endLine: finding.endLine,
                        endColumn: finding.endColumn,
                    },
                },
            },
        ],
        partialFingerprints: { 'djangoSecurityGate/v1': finding.fingerprint },
        properties: {
            source: finding.source,
            fix: finding.fix,
            ...(finding.djangoCheck ? { djangoCheck: finding.djangoCheck } : {}),
            ...(finding.setting ? { setting: finding.setting } : {}),
        },
    }));
    const document = {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: TOOL_NAME,
                        version: TOOL_VERSION,
                        semanticVersion: TOOL_VERSION,
                        informationUri: 'https://github.com/django-security-gate/django-security-gate',
                        rules: rules.map(sarifRule),
                    },
                },
                columnKind: 'utf16CodeUnits',
                results,
            },
        ],
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}

function describeDeployCheck(run) {
    const version = run.djangoVersion ? `Django ${run.djangoVersion}, ` : '';
    const where = run.project ? ` in ${run.project}` : '';
    const outcome = run.outcome === 'ran' ? 'ran' : 'could not run its checks';
    return `\`${run.command}\`${where} ${outcome} (${version}${(run.durationMs / 1000).toFixed(1)} s)`;
}
function pluralise(count, word) {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}
function countsLine(summary) {
    return `${pluralise(summary.error, 'error')}, ${pluralise(summary.warning, 'warning')}, ${pluralise(summary.note, 'note')}`;
}
function groupByFile(findings) {
    const groups = new Map();
    for (const finding of findings) {
        const group = groups.get(finding.file) ?? [];
        group.push(finding);
        groups.set(finding.file, group);
    }
    return groups;
}

const COLOURS = { error: '31', warning: '33', note: '36', dim: '2', bold: '1', green: '32', red: '31' };
/** Plain text for a terminal, grouped by file, coloured only when `colour` is set (a TTY). */
function renderText(report, colour) {
    const paint = (code, text) => colour ? `\u001b[${COLOURS[code]}m${text}\u001b[0m` : text;
    const out = [];
    for (const remark of report.remarks)
        out.push(paint('dim', `· ${remark}`));
    for (const run of report.deployChecks ?? [])
        out.push(paint('dim', `· ${describeDeployCheck(run)}`));
    if (report.remarks.length || report.deployChecks?.length)
        out.push('');
    for (const [file, findings] of groupByFile(report.findings)) {
        out.push(paint('bold', file));
        for (const finding of findings) {
            const where = `${finding.line}:${finding.column}`.padEnd(8);
            const level = paint(finding.level, finding.level.padEnd(7));
            out.push(`  ${where} ${level} ${finding.message}  ${paint('dim', finding.ruleId)}`);
            out.push(`  ${' '.repeat(8)} ${' '.repeat(7)} ${paint('dim', `fix: ${finding.fix}`)}`);
        }
        out.push('');
    }
    const { summary } = report;
    const baselined = report.baselined ? ` (${report.baselined} accepted by the baseline)` : '';
    const verdict = summary.passed ? paint('green', 'passed') : paint('red', 'failed');
    const total = report.findings.length;
    out.push(`${total === 0 ? 'No findings' : countsLine(summary)}${baselined}: ${verdict} (fail-on: ${report.failOn}, ${report.rulesRun.length} rules)`);
    return `${out.join('\n')}\n`;
}

/** Escaping as @actions/core does it, so messages with newlines, commas or colons survive. */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' };
function annotationProperties(finding) {
    // The order @actions/core writes them in, so the CLI's and the action's annotations read the same.
    const properties = {
        title: finding.ruleId,
        file: finding.file,
        line: finding.line,
        endLine: finding.endLine,
    };
    // Columns only make sense to GitHub on a single-line region.
    if (finding.line === finding.endLine) {
        properties.col = finding.column;
        properties.endColumn = finding.endColumn;
    }
    return properties;
}
function annotationMessage(finding) {
    return `${finding.message}\nFix: ${finding.fix}`;
}
function workflowCommand(finding) {
    const properties = Object.entries(annotationProperties(finding))
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
        .join(',');
    return `::${COMMAND[finding.level]} ${properties}::${escapeData(annotationMessage(finding))}`;
}
/** `--format github`: one workflow command per finding, which the runner turns into annotations. */
function renderWorkflowCommands(report) {
    return report.findings.map((finding) => `${workflowCommand(finding)}\n`).join('');
}

const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'];
function render(report, format, colour) {
    switch (format) {
        case 'json':
            return renderJson(report);
        case 'sarif':
            return renderSarif(report);
        case 'github':
            return renderWorkflowCommands(report);
        case 'text':
            return renderText(report, colour);
    }
}

/**
 * The production environment the settings are judged under: variables given with --env / --env-file / the
 * `env` input, and variables the settings themselves refuse to run without (a guard that raises when
 * they are unset), which are treated as supplied but unknown.
 */
class ProductionEnvironment {
    given;
    guarded;
    constructor(given = new Map(), guarded = new Set()) {
        this.given = given;
        this.guarded = guarded;
    }
    lookup(variable) {
        return this.given.get(variable);
    }
    isGuarded(variable) {
        return this.guarded.has(variable) && !this.given.has(variable);
    }
    withGuarded(variables) {
        return new ProductionEnvironment(this.given, new Set([...this.guarded, ...variables]));
    }
}
class EnvSyntaxError extends UsageError {
}
function unquote(raw) {
    const value = raw.trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
        const inner = value.slice(1, -1);
        return value[0] === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : inner;
    }
    return value.replace(/\s+#.*$/, '');
}
/** `KEY=VALUE` lines as in a dotenv file: comments, blank lines, `export ` prefixes and quotes allowed. */
function parseEnvLines(text, origin) {
    const values = new Map();
    text.split(/\r?\n/).forEach((rawLine, index) => {
        const line = rawLine.trim();
        if (!line || line.startsWith('#'))
            return;
        const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/s.exec(line);
        if (!match) {
            throw new EnvSyntaxError(`${origin}:${index + 1}: expected KEY=VALUE, found "${line.slice(0, 60)}"`);
        }
        values.set(match[1], unquote(match[2]));
    });
    return values;
}
/** One `--env KEY=VALUE` argument. */
function parseEnvAssignment(argument) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argument);
    if (!match)
        throw new EnvSyntaxError(`--env expects KEY=VALUE, got "${argument}"`);
    return [match[1], match[2]];
}

/**
 * The production environment from the user's inputs, later sources winning: the --env-file, then each
 * --env KEY=VALUE (the action's multi-line `env` input is the same KEY=VALUE form).
 */
function productionEnvironmentFrom(envFile, assignments) {
    const environment = new Map();
    if (envFile) {
        if (!existsSync(envFile))
            throw new UsageError(`--env-file ${envFile} does not exist`);
        for (const [key, value] of parseEnvLines(readFileSync(envFile, 'utf8'), envFile))
            environment.set(key, value);
    }
    for (const assignment of assignments) {
        const [key, value] = parseEnvAssignment(assignment);
        environment.set(key, value);
    }
    return environment;
}

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

var ignore$1 = {exports: {}};

var hasRequiredIgnore;

function requireIgnore () {
	if (hasRequiredIgnore) return ignore$1.exports;
	hasRequiredIgnore = 1;
	(function (module) {
		// A simple implementation of make-array
		function makeArray (subject) {
		  return Array.isArray(subject)
		    ? subject
		    : [subject]
		}

		const UNDEFINED = undefined;
		const EMPTY = '';
		const SPACE = ' ';
		const ESCAPE = '\\';

		// The characters that carry a meaning of their own inside a regular
		//   expression, so a literal one has to be escaped before it is emitted.
		const REGEX_LITERAL_SPECIAL = /[.*+?()[\]{}^$|\\/]/;
		const BOM = '\uFEFF';
		// A run of two or more asterisks is a globstar (#175)
		const REGEX_ANCHORED_GLOBSTAR = /^\/\*{2,}$/;
		const REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION = /^\\!/;
		const REGEX_REPLACE_LEADING_EXCAPED_HASH = /^\\#/;
		const REGEX_SPLITALL_CRLF = /\r?\n/g;

		// Invalid:
		// - /foo,
		// - ./foo,
		// - ../foo,
		// - .
		// - ..
		// Valid:
		// - .foo
		const DOUBLE_SLASH = '//';
		const SLASH_CODE = 47;
		const DOT_CODE = 46;


		const SLASH = '/';

		// Do not use ternary expression here, since "istanbul ignore next" is buggy
		let TMP_KEY_IGNORE = 'node-ignore';
		/* istanbul ignore else */
		if (typeof Symbol !== 'undefined') {
		  TMP_KEY_IGNORE = Symbol.for('node-ignore');
		}
		const KEY_IGNORE = TMP_KEY_IGNORE;

		const define = (object, key, value) => {
		  Object.defineProperty(object, key, {value});
		  return value
		};

		const RETURN_FALSE = () => false;

		// > The range notation, e.g. [a-zA-Z],
		// > can be used to match one of the characters in a range.
		//
		// gitignore(5) defers to fnmatch(3) for this, and git implements it in
		//   `wildmatch.c`.  A bracket expression has a sub-grammar of its own, which
		//   is neither the surrounding pattern grammar nor the JavaScript one:
		//
		//   - a `]` right after `[` or `[!` is a literal member, not the terminator
		//   - `[:alpha:]` names one of twelve POSIX classes
		//   - `\` escapes the next member, `]` included
		//   - `*`, `?` and `.` are plain literal members
		//   - an unterminated expression makes the whole pattern match nothing
		//
		// which means the expression can not be located -- let alone translated -- by
		//   a regular expression.  It is scanned out of the pattern before the
		//   replacers below run, and put back once they are done, so that neither the
		//   metacharacter escaper nor the `?` / `*` replacers ever see its body.

		// git classifies with its own ASCII-only ctype macros (`wildmatch.c`), never
		//   with the C library ones, so these must not be mapped onto `\d` / `\w` /
		//   `\s`, which are wider.  `/` is left out of every expansion, because a
		//   bracket expression never matches a path separator.
		const POSIX_CLASSES = {
		  alnum: '0-9A-Za-z',
		  alpha: 'A-Za-z',
		  blank: ' \\t',
		  cntrl: '\\x00-\\x1f\\x7f',
		  digit: '0-9',
		  graph: '!-.0-~',
		  lower: 'a-z',
		  print: ' -.0-~',
		  punct: '!-.:-@\\[-`{-~',
		  // git's `sane-ctype.h` classifies \v and \f as control, not space,
		  //   unlike C's `isspace`
		  space: ' \\t\\n\\r',
		  upper: 'A-Z',
		  xdigit: '0-9A-Fa-f'
		};

		const CLASS_MEMBERS_TO_ESCAPE = '\\]^-[';

		const escapeMember = char => CLASS_MEMBERS_TO_ESCAPE.indexOf(char) < 0
		  ? char
		  : ESCAPE + char;

		// > if (matched == negated || ((flags & WM_PATHNAME) && text_ch == '/'))
		// >   return WM_ABORT_TO_STARSTAR;                     (git, `wildmatch.c`)
		// A bracket expression never matches a path separator, whatever its members
		//   say, so a negated class gets `/` as one more excluded character, while a
		//   plain one -- where a literal member or a range could still let `/` in --
		//   is guarded with a lookahead, `/` being impossible to subtract from a
		//   JavaScript character class.
		const NON_SLASH = '(?!\\/)';

		const classSource = (negated, body) => {
		  if (negated) {
		    return `[^\\/${body}]`
		  }

		  const source = `[${body}]`;

		  return new RegExp(source).test('/')
		    ? NON_SLASH + source
		    : source
		};

		// Scan the bracket expression that starts at `pattern[start] === '['`,
		//   mirroring the member loop of git's `wildmatch.c`.
		// @returns {{end: number, source: string} | null} `null` if the expression is
		//   never terminated, which makes the whole pattern match nothing.
		const scanBracket = (pattern, start) => {
		  const {length} = pattern;
		  let index = start + 1;
		  let negated = EMPTY;

		  const lead = pattern[index];
		  if (lead === '!' || lead === '^') {
		    negated = '^';
		    index ++;
		  }

		  let body = EMPTY;

		  // The member a `-` could start a range from, or EMPTY when the previous
		  //   member can not open one (start of the body, or a range / POSIX class
		  //   that has just closed)
		  let prev = EMPTY;

		  // git scans the members with a do-while, so the first one is consumed
		  //   unconditionally.  That is the whole reason a leading `]` is a member
		  //   and not the terminator.
		  for (;;) {
		    const char = pattern[index];

		    if (char === UNDEFINED) {
		      return null
		    }

		    if (char === ESCAPE) {
		      // A pattern can not end on a lone backslash -- `createRule` has
		      //   already thrown it away -- so there is a character to read.
		      const escaped = pattern[++ index];
		      body += escapeMember(escaped);
		      prev = escaped;
		    } else if (
		      char === '-'
		      && prev
		      && index + 1 < length
		      && pattern[index + 1] !== ']'
		    ) {
		      index ++;
		      let to = pattern[index];
		      if (to === ESCAPE) {
		        to = pattern[index += 1];
		      }
		      // An out-of-order range matches nothing in git but is a syntax error in
		      //   JavaScript, so it is dropped.  Its lower bound stays: git tests it
		      //   as a plain member before it ever looks at the `-`, so `[c-a]` does
		      //   match `c`.
		      if (prev <= to) {
		        body += `-${escapeMember(to)}`;
		      }
		      prev = EMPTY;
		    } else if (char === '[' && pattern[index + 1] === ':') {
		      const nameStart = index + 2;
		      let end = nameStart;
		      while (end < length && pattern[end] !== ']') {
		        end ++;
		      }

		      if (end === length) {
		        return null
		      }

		      if (end > nameStart && pattern[end - 1] === ':') {
		        const name = pattern.slice(nameStart, end - 1);

		        // An unknown class name makes the whole pattern match nothing
		        if (!Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
		          return null
		        }

		        body += POSIX_CLASSES[name];
		        prev = EMPTY;
		        index = end;
		      } else {
		        // No `:]` to close it, so the `[` is a plain member and scanning
		        //   resumes right after it.
		        body += escapeMember('[');
		        prev = '[';
		        index = nameStart - 2;
		      }
		    } else {
		      body += escapeMember(char);
		      prev = char;
		    }

		    index ++;

		    if (pattern[index] === ']') {
		      return {
		        end: index,
		        source: classSource(negated, body)
		      }
		    }
		  }
		};

		// An empty JavaScript class can never match, which is how a pattern that git
		//   gives up on (`WM_ABORT_ALL`) is expressed here.
		const NEVER_MATCH = '[]';

		// A NUL can appear in neither a `.gitignore` line nor a path, which makes it
		//   the one safe placeholder character.  A literal one in the pattern is
		//   held aside all the same, so a collision is impossible by construction.
		const PLACEHOLDER = '\u0000';
		const REGEX_RESTORE_PLACEHOLDER = new RegExp(
		  `${PLACEHOLDER}(\\d+)${PLACEHOLDER}`, 'g'
		);

		// The one wildcard the chain does not expand for itself is a trailing `*`. How
		//   it expands depends on the mode (`regex` vs `checkRegex`), so `_make` is
		//   left to do it, and until then the pending wildcard travels as this marker.
		//   That is what keeps it apart from a user-escaped literal `\*`: the unescape
		//   steps collapse the escaped one to the exact `\*` a wildcard would leave
		//   behind, so by the time `_make` runs the two are otherwise the same string
		//   and a literal star gets wrongly rewritten into a wildcard. The marker is a
		//   private-use character, and `extractBrackets` keeps one that came out of the
		//   pattern apart from it, so the only marker `_make` ever turns back into a
		//   real wildcard is the one this chain put there itself.
		const TRAILING_WILDCARD = '\uE000';

		// A trailing "/**" is deferred the same way, because `checkRegex` has to tell
		//   it apart from a trailing "/*" (see `checkSourceOf`). For `.ignores()` it
		//   still never matches the folder itself (#21).
		const TRAILING_DOUBLESTAR = '\uE001';

		// The three characters above mean something to the chain that builds the
		//   source rather than to the path, so one that came out of the pattern is
		//   held aside like a bracket expression instead of going straight out. Being
		//   held is what makes it safe: the restore runs after the step that anchors
		//   the source, so the character comes back in the middle of the source and
		//   not at its end, which is the one place `_make` and `checkSourceOf` look
		//   for a marker. Without it a pattern's own character lands where a pending
		//   marker sits, and `_make` turns it into a real trailing wildcard.
		//
		// It is held as a one-member class rather than bare, in both of the branches
		//   a reserved character can reach, so that the property can be
		//   read off this function alone -- a reserved character never goes out on
		//   its own -- rather than depending on where in the chain the restore
		//   happens to run. In the expression built here `[x]` matches exactly what
		//   `x` matches, none of the three being special to a regular expression or
		//   inside a class, so no test can tell the two apart: the class is insurance,
		//   and the paragraph above is the reason it is not needed.
		const isReserved = char =>
		  char === PLACEHOLDER
		  || char === TRAILING_WILDCARD
		  || char === TRAILING_DOUBLESTAR;

		// Replace every bracket expression with a placeholder the replacers below
		//   leave alone, and translate it separately.
		const extractBrackets = pattern => {
		  const sources = [];
		  const hold = source =>
		    `${PLACEHOLDER}${sources.push(source) - 1}${PLACEHOLDER}`;

		  const {length} = pattern;
		  let out = EMPTY;
		  let index = 0;

		  while (index < length) {
		    const char = pattern[index];

		    if (char === ESCAPE) {
		      // > Put a backslash ("\") in front of ... a character to make it literal.
		      //                                            (gitignore(5) -> fnmatch(3))
		      // A backslash quotes the next character, whatever it is, so `\d` is a
		      //   literal `d`, not the regex digit class, and `\?` is a literal `?`,
		      //   not a wildcard. Held aside as its literal here, the escape never
		      //   reaches the replacers below, which would otherwise let `\d`, `\b`,
		      //   `\1`, `\/` keep their regular-expression meaning, and would turn a
		      //   `\?` into `[^\/]`.
		      //
		      // Three escapes are still left for the chain: `\*` (a literal star,
		      //   told apart from a wildcard by `TRAILING_WILDCARD` and the wildcard
		      //   replacers), `\[` (a literal bracket, the one `[` the bracket
		      //   replacer still expects), and `\ ` (a quoted space, which one pass
		      //   below rewrites in bulk -- holding each one aside instead costs more
		      //   on a pattern built out of them).
		      //
		      // A quoted backslash is not among them. The chain doubles every
		      //   backslash, then takes the doubling back out again, and a quoted one
		      //   standing next to a character the chain also escapes left the two
		      //   counts sharing a run, so one of the escapes was lost. Held here as
		      //   the literal it means, it never joins that run.
		      const escaped = pattern[index + 1];

		      if (escaped === SLASH && index + 2 === length) {
		        // Git removes a final directory slash before matching. An escape
		        //   without a character after that removal makes the pattern invalid.
		        out += hold(NEVER_MATCH);
		      } else if (
		        escaped === '*'
		        || escaped === '['
		        || escaped === SPACE
		      ) {
		        out += pattern.slice(index, index + 2);
		      } else {
		        out += hold(
		          REGEX_LITERAL_SPECIAL.test(escaped)
		            ? ESCAPE + escaped
		            : isReserved(escaped)
		              ? `[${escaped}]`
		              : escaped
		        );
		      }

		      index += 2;
		    } else if (isReserved(char)) {
		      out += hold(`[${char}]`);
		      index ++;
		    } else if (char === '[') {
		      const scanned = scanBracket(pattern, index);

		      if (scanned === null) {
		        // git gives up on the whole pattern (`WM_ABORT_ALL`), so whatever
		        //   follows can not make it match either.
		        out += hold(NEVER_MATCH);
		        index = length;
		      } else {
		        out += hold(scanned.source);
		        index = scanned.end + 1;
		      }
		    } else {
		      out += char;
		      index ++;
		    }
		  }

		  return {
		    source: out,
		    sources
		  }
		};

		// A step of the chain below is normally a `[matcher, replacer]` pair handed
		//   to `String.replace`. `DIRECT` marks the ones that are plain string work
		//   instead, and take `(source, pattern)`.
		//
		// Anchoring the two ends is exactly that -- a test of one character and a
		//   concatenation -- and putting it through the regular expression engine
		//   cost a third of this chain for nothing: 167ns where 10ns does the same
		//   job. The two are still steps in the same list, in the same places,
		//   because their position in the order is part of what they mean.
		const DIRECT = null;

		// A separator at the beginning or in the middle of a pattern, as opposed to
		//   one at the very end.
		const REGEX_INNER_SLASH = /\/(?!$)/;
		const WILDCARD = '[^\\/]*';

		// > If the pattern ends with a slash,
		// > it is removed for the purpose of the following description,
		// > but it would only find a match with a directory.
		// > In other words, foo/ will match a directory foo and paths underneath it,
		// > but will not match a regular file or a symbolic link foo
		// >  (this is consistent with the way how pathspec works in general in Git).
		// '`foo/`' will not match regular file '`foo`' or symbolic link '`foo`'
		// -> ignore-rules will not deal with it, because it costs extra `fs.stat` call
		//      you could use option `mark: true` with `glob`

		// '`foo/`' should not continue with the '`..`'
		// The chain that turns one gitignore pattern into a regular expression
		//   source, in order. A step is either
		//
		//   [matcher, replacer]            handed to `String.replace`
		//   [matcher, replacer, required]  the same, but skipped outright unless
		//                                    `required` appears in the string, which
		//                                    the matcher cannot match without
		//   [DIRECT, transform]            plain string work, taking (source, pattern)
		//
		// The `required` character is only ever a shortcut: finding it does not mean
		//   the matcher will match, and not finding it means it cannot. It is there
		//   because scanning for one character costs a fraction of running a matcher
		//   that then finds nothing -- for the wildcard step, whose `[^\\]+`
		//   backtracks its way through the whole string before giving up, 11ns
		//   against 400ns.
		const REPLACERS = [

		  // Replace (\ ) with ' '
		  // Only a space: an escaped tab or other whitespace is already a literal by
		  //   the time it reaches here, and a bare tab must be left as one, not turned
		  //   into a space.
		  // (\ ) -> ' '
		  // (\\ ) -> '\\ '
		  // (\\\ ) -> '\\ '
		  [
		    // A run of backslashes is taken whole, from its first one, so no match
		    //   ever starts again inside it -- `(\\+?) ` did, which made a long run
		    //   quadratic.
		    /(\\+)( ?)/g,
		    (_, run, space) => space
		      ? run.slice(0, run.length - run.length % 2) + SPACE
		      : run,
		    ESCAPE + SPACE
		  ],

		  // git's wildmatch() reads a run of two or more asterisks as one globstar
		  //   whenever the run fills a path segment: it starts the pattern or follows
		  //   a `/`, and it ends the pattern or comes before a `/`. A run of two is
		  //   already `**`; a longer one is folded into `**` here, so the steps
		  //   below only ever have to know `**`.
		  // `***/foo` -> `**/foo`, `a/***/b` -> `a/**/b`, `a/***` -> `a/**`
		  // git also takes a run beside a literal prefix (`a***/b`) or beside an
		  //   escaped slash (`***\/b`) as a globstar, and this does not; the README
		  //   lists both, under "A run of asterisks".
		  [
		    /(^|\/)\*{3,}(?=\/|$)/g,
		    (_, start) => `${start}**`,
		    '*'
		  ],

		  // Escape metacharacters
		  // which is written down by users but means special for regular expressions.

		  // > There are 12 characters with special meanings:
		  // > - the backslash \,
		  // > - the caret ^,
		  // > - the dollar sign $,
		  // > - the period or dot .,
		  // > - the vertical bar or pipe symbol |,
		  // > - the question mark ?,
		  // > - the asterisk or star *,
		  // > - the plus sign +,
		  // > - the opening parenthesis (,
		  // > - the closing parenthesis ),
		  // > - and the opening square bracket [,
		  // > - the opening curly brace {,
		  // > These special characters are often called "metacharacters".
		  [
		    /[\\$.|*+(){^]/g,
		    match => `\\${match}`
		  ],

		  [
		    // > a question mark (?) matches a single character
		    /(?!\\)\?/g,
		    () => '[^/]',
		    '?'
		  ],

		  // leading slash
		  [

		    // > A leading slash matches the beginning of the pathname.
		    // > For example, "/*.c" matches "cat-file.c" but not "mozilla-sha1/sha1.c".
		    // A leading slash matches the beginning of the pathname
		    /^\//,
		    () => '^',
		    SLASH
		  ],

		  // replace special metacharacter slash after the leading slash
		  [
		    /\//g,
		    () => '\\/',
		    SLASH
		  ],

		  [
		    // > A leading "**" followed by a slash means match in all directories.
		    // > For example, "**/foo" matches file or directory "foo" anywhere,
		    // > the same as pattern "foo".
		    // > "**/foo/bar" matches file or directory "bar" anywhere that is directly
		    // >   under directory "foo".
		    // Notice that the '*'s have been replaced as '\\*'
		    /^\^*(?:\\\*\\\*\\\/)+/,

		    // '**/foo' <-> 'foo'
		    () => '(?:^|\\/)',
		    '*'
		  ],

		  // starting
		  [
		    // there will be no leading '/'
		    //   (which has been replaced by section "leading slash")
		    // If starts with '**', adding a '^' to the regular expression also works
		    DIRECT,
		    (source, pattern) => {
		      // Nothing to anchor to, or already anchored (`^` or `(?:^|\/)`)
		      if (!source || source[0] === '^' || source[0] === '(') {
		        return source
		      }

		      // If has a slash `/` at the beginning or middle
		      const anchor = !REGEX_INNER_SLASH.test(pattern)
		        // > Prior to 2.22.1
		        // > If the pattern does not contain a slash /,
		        // >   Git treats it as a shell glob pattern
		        // Actually, if there is only a trailing slash,
		        //   git also treats it as a shell glob pattern

		        // After 2.22.1 (compatible but clearer)
		        // > If there is a separator at the beginning or middle (or both)
		        // > of the pattern, then the pattern is relative to the directory
		        // > level of the particular .gitignore file itself.
		        // > Otherwise the pattern may also match at any level below
		        // > the .gitignore level.
		        ? '(?:^|\\/)'

		        // > Otherwise, Git treats the pattern as a shell glob suitable for
		        // >   consumption by fnmatch(3)
		        : '^';

		      return anchor + source
		    }
		  ],

		  // two globstars
		  [
		    // Use lookahead assertions so that we could match more than one `'/**'`
		    /\\\/\\\*\\\*(?=\\\/|$)/g,

		    // Zero, one or several directories
		    // should not use '*', or it will be replaced by the next replacer

		    // Check if it is not the last `'/**'`
		    (_, index, str) => index + 6 < str.length

		      // case: /**/ at the end of the pattern, i.e. a trailing `'/**/'`
		      // > A trailing `"/**/"` (a trailing `"/**"` restricted to directories)
		      // >   matches everything inside, but it should not match the current
		      // >   folder itself, so it requires at least one directory segment.
		      // 'a/**/' matches 'a/b/', 'a/x/y/' but not 'a/'
		      ? str.slice(index + 6) === '\\/'
		        ? '(?:\\/[^\\/]+)+'

		        // case: /**/
		        // > A slash followed by two consecutive asterisks then a slash matches
		        // >   zero or more directories.
		        // > For example, "a/**/b" matches "a/b", "a/x/b", "a/x/y/b" and so on.
		        // '/**/'
		        : '(?:\\/[^\\/]+)*'

		      // case: /**
		      // > A trailing `"/**"` matches everything inside.

		      // #21: everything inside but it should not include the current folder,
		      //   resolved by `_make`
		      : `\\/${TRAILING_DOUBLESTAR}`,
		    '*'
		  ],

		  // normal intermediate wildcards
		  [
		    // Never replace escaped '*'
		    // ignore rule '\*' will match the path '*'

		    // 'abc.*/' -> go
		    // 'abc.*'  -> skip this rule,
		    //    coz trailing single wildcard will be handed by [trailing wildcard]
		    /(^|[^\\])(?:\\\*)+(?!$)/g,

		    // '*.js' matches '.js'
		    // '*.js' doesn't match 'abc'
		    // 1. An asterisk "*" matches anything except a slash.
		    // 2. Other consecutive asterisks are considered regular asterisks
		    //    and collapse into one non-slash wildcard run.
		    (_, p1) => p1 + WILDCARD,
		    '*'
		  ],

		  // trailing wildcard, held apart from a literal star
		  [
		    // The step above leaves a trailing `*` alone, so a single `\*` is all that
		    //   can be left at the end here, and what stands in front of it says which
		    //   kind it is. A wildcard arrives as the escaper wrote it, `\*` with
		    //   nothing before it; a literal arrives as the user's own escape, which
		    //   the escaper doubled, and then the star's own -- `\\` and then `\*`.
		    //   There is no third case: every backslash still reaching the chain is
		    //   one `\*`, `\[` or `\ ` carries itself, and each is followed by its
		    //   own character, so a longer run can never form. This runs while the
		    //   two are still distinct, before the unescape steps below collapse the
		    //   literal onto the very `\*` a wildcard leaves behind.
		    /(^|[^\\])((?:\\\\)*)\\\*$/,

		    (match, p1, p2) =>
		      p2 === EMPTY
		        // A real wildcard: carry it to `_make` as the marker, so the unescape
		        //   steps and the trailing-wildcard rewrite can never mistake it for a
		        //   literal `\*` (nor the reverse).
		        ? p1 + TRAILING_WILDCARD
		        // A literal star: leave it exactly as it stands for the unescape steps.
		        : match,
		    '*'
		  ],

		  [
		    // unescape, revert step 3 except for back slash
		    // For example, if a user escape a '\\*',
		    // after step 3, the result will be '\\\\\\*'
		    /\\\\\\(?=[$.|*+(){^])/g,
		    () => ESCAPE,
		    ESCAPE + ESCAPE
		  ],

		  [
		    // '\\\\' -> '\\'
		    /\\\\/g,
		    () => ESCAPE,
		    ESCAPE + ESCAPE
		  ],

		  [
		    // Every real bracket expression -- POSIX classes included -- has already
		    //   been held aside by `extractBrackets`, so the only `[` left in the
		    //   pattern is an escaped, literal one.

		    // A backslash could only stand at the end of the range if it quoted the
		    //   `]`, and `\]` is held aside long before this.
		    /\\\[([^\]/]*?)($|\])/g,

		    // '\\[bar]' -> '\\\\[bar]'
		    (match, range, close) => `\\[${range}${close}`,
		    '['
		  ],

		  // ending
		  [
		    // 'js' will not match 'js.'
		    // 'ab' will not match 'abc'
		    DIRECT,

		    // WTF!
		    // https://git-scm.com/docs/gitignore
		    // changes in [2.22.1](https://git-scm.com/docs/gitignore/2.22.1)
		    // which re-fixes #24, #38

		    // > If there is a separator at the end of the pattern then the pattern
		    // > will only match directories, otherwise the pattern can match both
		    // > files and directories.

		    // 'js*' will not match 'a.js'
		    // 'js/' will not match 'a.js'
		    // 'js' will match 'a.js' and 'a.js/'
		    source => {
		      const last = source[source.length - 1];

		      // The pattern is empty, or ends in a pending marker `_make` owns --
		      //   the trailing wildcard, or a trailing "/**". A trailing `*` that is
		      //   not the marker is a literal star, which anchors like any other
		      //   final character.
		      if (!last || last === TRAILING_WILDCARD || last === TRAILING_DOUBLESTAR) {
		        return source
		      }

		      return last === SLASH
		        // foo/ will not match 'foo'
		        ? `${source}$`
		        // foo matches 'foo' and 'foo/'
		        : `${source}(?=$|\\/$)`
		    }
		  ]
		];

		const REGEX_REPLACE_TRAILING_WILDCARD = /(^|\\\/)?\uE000$/;
		const MODE_IGNORE = 'regex';
		const MODE_CHECK_IGNORE = 'checkRegex';
		const UNDERSCORE = '_';

		const replaceTrailingWildcard = (_, p1) => {
		  const prefix = p1
		    // '\^':
		    // '/*' does not match EMPTY
		    // '/*' does not match everything

		    // '\\\/':
		    // 'abc/*' does not match 'abc/'
		    ? `${p1}[^/]+`

		    // 'a*' matches 'a'
		    // 'a*' matches 'aa'
		    : '[^/]*';

		  return `${prefix}(?=$|\\/$)`
		};

		const REGEX_REPLACE_TRAILING_DOUBLESTAR = /\uE001$/;

		// 'abc/**' matches everything under 'abc', but not 'abc/' itself (#21):
		//   requiring one arbitrary character (line terminators included, #176)
		//   after 'abc/' is necessary and sufficient for `.test(path)`.
		const replaceTrailingDoublestar = () => '[\\s\\S]';

		// The fixed piece between the wildcard at `at` and the next wildcard of the
		//   run: the tokens that separate them, joined as they appear in the source.
		//   A run never holds two wildcards in a row, so there is always at least one
		//   token.
		const separatorAfter = (run, at) => {
		  let separator = EMPTY;

		  for (let index = at + 1; index < run.length && !run[index].wildcard; index ++) {
		    separator += run[index].single;
		  }

		  return separator
		};

		// Where a run of non-slash wildcards is split by fixed pieces --
		//   `[^/]*ab[^/]*cd...` -- the engine has many equivalent ways to lay the
		//   input across the wildcards, and on input that does not match it works
		//   through all of them, so the time grows with the number of wildcards
		//   rather than the length of the path. Every wildcard but the last in such a
		//   run can be pinned to stop where the piece after it begins, which leaves
		//   one way to lay out the input and no rewinding, without changing which
		//   paths match: the fixed pieces still bound the count, and the last
		//   wildcard still absorbs the rest.
		//
		// A wildcard is pinned to the whole piece, never to the piece's first
		//   character. The pin leaves no way back, so a wildcard that stopped at that
		//   first character would hand over wherever the character happens to turn
		//   up, including the places the rest of the piece cannot follow -- which is
		//   how `f*o/*/*` came to miss `foo/b/c`, the first `o` of `foo` not being
		//   the one the `o/` after it needs. Every token of a piece matches exactly
		//   one character, so the first place the whole piece fits is the leftmost
		//   place it can sit, and whatever is left over goes to the wildcards that
		//   follow.
		//
		// The source is read one token at a time -- a wildcard, a single-character
		//   piece (a literal, an escape, a class), or a parenthesised group or anchor
		//   that ends the run -- so only a genuine wildcard is touched.
		const pinWildcards = source => {
		  if (source.indexOf(WILDCARD) < 0) {
		    return source
		  }

		  const tokens = [];
		  const {length} = source;
		  let index = 0;

		  while (index < length) {
		    const char = source[index];

		    if (source.startsWith(WILDCARD, index)) {
		      tokens.push({wildcard: true});
		      index += WILDCARD.length;
		    } else if (char === '[') {
		      let end = index + 1;

		      if (source[end] === '^') {
		        end ++;
		      }

		      if (source[end] === ']') {
		        end ++;
		      }

		      while (end < length && source[end] !== ']') {
		        end += source[end] === ESCAPE
		          ? 2
		          : 1;
		      }

		      end ++;
		      tokens.push({single: source.slice(index, end)});
		      index = end;
		    } else if (char === ESCAPE) {
		      tokens.push({single: source.slice(index, index + 2)});
		      index += 2;
		    } else if (char === '(') {
		      let depth = 0;
		      let end = index;

		      do {
		        if (source[end] === ESCAPE) {
		          end ++;
		        } else if (source[end] === '(') {
		          depth ++;
		        } else if (source[end] === ')') {
		          depth --;
		        }

		        end ++;
		      } while (end < length && depth > 0)

		      if ('*+?'.indexOf(source[end]) >= 0) {
		        end ++;
		      }

		      tokens.push({boundary: source.slice(index, end)});
		      index = end;
		    } else if (char === '^' || char === '$') {
		      tokens.push({boundary: char});
		      index ++;
		    } else {
		      tokens.push({single: char});
		      index ++;
		    }
		  }

		  let out = EMPTY;
		  let run = [];

		  const flush = () => {
		    let lastWildcard;

		    run.forEach((token, at) => {
		      if (token.wildcard) {
		        lastWildcard = at;
		      }
		    });

		    run.forEach((token, at) => {
		      if (!token.wildcard) {
		        out += token.single;
		        return
		      }

		      // Every wildcard but the last is pinned to the whole piece that
		      //   follows it, for the reason set out above this function. The last
		      //   one stays as it is and takes up the rest.
		      out += at === lastWildcard
		        ? WILDCARD
		        : `(?:(?!${separatorAfter(run, at)})[^\\/])*`;
		    });

		    run = [];
		  };

		  tokens.forEach(token => {
		    if (token.boundary === undefined) {
		      run.push(token);
		      return
		    }

		    flush();
		    out += token.boundary;
		  });

		  flush();

		  return out
		};

		// @param {pattern}
		const makeRegexPrefix = pattern => {
		  // `/**` matches every path, as `**` does. The translation below only finds
		  //   a globstar beside a slash it keeps, and the leading one is turned into
		  //   an anchor, so `/**` would come out as `/*` and match one level only.
		  //   Here rather than in `createRule`, so that `checkSourceOf`, which
		  //   compiles `/**/` again without its trailing slash, gets it too.
		  if (REGEX_ANCHORED_GLOBSTAR.test(pattern)) {
		    pattern = '**';
		  }

		  const {source, sources} = extractBrackets(pattern);

		  const replaced = REPLACERS.reduce(
		    // A pass whose matcher finds nothing hands back the very string it was
		    //   given, so asking first costs a search and saves a rewrite. Ten of the
		    //   fifteen passes never fire for a typical .gitignore line, and between
		    //   them they were 45% of this chain.
		    (prev, [matcher, replacer, required]) => {
		      if (matcher === DIRECT) {
		        return replacer(prev, pattern)
		      }

		      if (required !== UNDEFINED && prev.indexOf(required) < 0) {
		        return prev
		      }

		      // A pass whose matcher finds nothing hands back the very string it was
		      //   given, so asking first costs a search and saves a rewrite.
		      return matcher.test(prev)
		        ? prev.replace(matcher, replacer.bind(pattern))
		        : prev
		    },
		    source
		  );

		  // Most patterns hold no bracket expression at all, and then there is
		  //   nothing to put back.
		  return sources.length
		    ? replaced.replace(
		      REGEX_RESTORE_PLACEHOLDER,
		      (match, index) => sources[index]
		    )
		    : replaced
		};

		// `checkRegex` tests a path with a trailing slash, 'abc/', the way
		//   `git check-ignore` matches that literal string once the directory itself
		//   is known not to be excluded (see `checkIgnore`): a trailing '/' of the
		//   pattern is dropped, a basename pattern sees an empty basename, and only a
		//   pattern whose last segment is a pending wildcard can match what is left
		//   after the final slash -- 'abc/*' and 'abc/**' match 'abc/', and 'abc/**'
		//   also matches 'abc/d/' (#77, #169).
		const checkSourceOf = (body, prefix) => {
		  if (body[body.length - 1] === SLASH) {
		    prefix = makeRegexPrefix(body.slice(0, -1));
		  }

		  const head = prefix.slice(0, -1);
		  const last = prefix[prefix.length - 1];

		  return last === TRAILING_WILDCARD
		    ? `${head}$`
		    : last === TRAILING_DOUBLESTAR
		      ? head
		      : NEVER_MATCH
		};

		// A trailing slash does not stop a pattern being basename-only: it restricts
		//   the match to a directory, it does not let the pattern reach across one.
		//   Everything else a pattern can hold -- a wildcard, a character class, an
		//   escape -- stays inside a single path segment too, so a pattern with no
		//   separator in it can only ever describe the last one.
		const matchesBasename = body => {
		  const index = body.indexOf(SLASH);

		  return index < 0 || index === body.length - 1
		};

		// The last segment of a path, keeping a trailing slash, because a pattern that
		//   ends in one matches only a directory.
		// 'a/b/c.js' -> 'c.js';  'a/b/' -> 'b/';  'c.js' -> 'c.js' (no copy made)
		const basenameOf = path => {
		  const end = path.length - 1;

		  const index = path.lastIndexOf(
		    SLASH,
		    path[end] === SLASH
		      ? end - 1
		      : end
		  );

		  return index < 0
		    ? path
		    : path.slice(index + 1)
		};

		// The parent directory of a path, with its trailing separator, or EMPTY when
		//   the path has none.
		// 'a/b/c' -> 'a/b/';  'a/b/' -> 'a/';  'a' -> EMPTY;  'a/' -> EMPTY
		//
		// A path holding an empty segment has to be taken apart, because its
		//   ancestors are not prefixes of it: the parent of 'a//b' is 'a/', not
		//   'a//', and the parent of '/a/' is nothing at all. Both shapes reach here
		//   -- 'a//b' is accepted outright, and `checkIgnore` does not put the path
		//   it is given through the relative-path check.
		//
		// Every other path is a prefix of itself, and cutting one costs a fraction of
		//   splitting it into an array and joining that back at every level: 73ns
		//   against 207ns.
		const parentOf = path => {
		  if (
		    path.charCodeAt(0) === SLASH_CODE
		    || path.indexOf(DOUBLE_SLASH) >= 0
		  ) {
		    const slices = path.split(SLASH).filter(Boolean);

		    slices.pop();

		    return slices.length
		      ? slices.join(SLASH) + SLASH
		      : EMPTY
		  }

		  const end = path.length - 1;

		  // Look back from before a trailing separator, since that one belongs to the
		  //   path itself.
		  //
		  // A negative place to start would be a trap here: `lastIndexOf` clamps one
		  //   to 0 and searches there rather than reporting no match, so '/' would
		  //   come back as its own parent and the walk would never end. It cannot
		  //   happen -- that is the only path short enough to produce one, and the
		  //   test above has already sent it the other way.
		  const cut = path.lastIndexOf(
		    SLASH,
		    path.charCodeAt(end) === SLASH_CODE
		      ? end - 1
		      : end
		  );

		  return cut < 0
		    ? EMPTY
		    : path.slice(0, cut + 1)
		};

		const isString = subject => typeof subject === 'string';

		// Blank lines, comments and trailing lone backslashes are told by
		//   `createRule`, once the pattern is normalized.
		const checkPattern = pattern => pattern
		  && isString(pattern);

		// Git drops one CR before each LF, and one at the end of a final line that
		//   has no LF after it.
		const splitPattern = pattern => (
		  pattern[pattern.length - 1] === '\r'
		    ? pattern.slice(0, -1)
		    : pattern
		)
		.split(REGEX_SPLITALL_CRLF)
		.filter(Boolean);

		class IgnoreRule {
		  constructor (
		    pattern,
		    mark,
		    body,
		    ignoreCase,
		    negative,
		    prefix
		  ) {
		    this.pattern = pattern;
		    this.mark = mark;
		    this.negative = negative;

		    define(this, 'body', body);
		    define(this, 'ignoreCase', ignoreCase);
		    define(this, 'regexPrefix', prefix);
		  }

		  // Worked out on first use and kept behind an own property, the way `regex`
		  //   caches itself in `_regex`. Deciding it in the constructor instead would
		  //   add a fourth `defineProperty` to every rule ever built, which cost 4% of
		  //   every compile -- including the compiles of rules that are never matched
		  //   against anything.
		  get _basenameOnly () {
		    return define(this, '_basenameOnly', matchesBasename(this.body))
		  }

		  get regex () {
		    const key = UNDERSCORE + MODE_IGNORE;

		    if (this[key]) {
		      return this[key]
		    }

		    return this._make(MODE_IGNORE, key)
		  }

		  get checkRegex () {
		    const key = UNDERSCORE + MODE_CHECK_IGNORE;

		    if (this[key]) {
		      return this[key]
		    }

		    return this._make(MODE_CHECK_IGNORE, key)
		  }

		  _make (mode, key) {
		    const str = pinWildcards(
		      mode === MODE_IGNORE
		        ? this.regexPrefix
		        .replace(REGEX_REPLACE_TRAILING_WILDCARD, replaceTrailingWildcard)
		        .replace(REGEX_REPLACE_TRAILING_DOUBLESTAR, replaceTrailingDoublestar)
		        : checkSourceOf(this.body, this.regexPrefix)
		    );

		    const regex = this.ignoreCase
		      ? new RegExp(str, 'i')
		      : new RegExp(str);

		    return define(this, key, regex)
		  }
		}

		const hasTrailingBackslash = str => {
		  let count = 0;

		  while (str[str.length - count - 1] === ESCAPE) {
		    count ++;
		  }

		  return count % 2 === 1
		};

		// Read a line the way git does: when `stripLineEnd` is set (an unsplit array
		//   or object pattern), drop any trailing blank lines along with the LF
		//   before each and at most one CR at the end of the line; then trim trailing
		//   spaces in the same backward pass. Git trims spaces only, and a space
		//   escaped by an odd run of backslashes stays, unescaped, as the last one.
		// Scanned from the end: a regular expression can only try each start in
		//   turn, which is quadratic over a long run of spaces or backslashes.
		// 'a  ' -> 'a';  'a\ ' -> 'a ';  'a\\ ' -> 'a\\';  'a\t' -> 'a\t'
		// 'a\r\n' -> 'a';  'a\r\r' -> 'a\r';  'a\n\r' -> 'a'
		const trimEnd = (body, stripLineEnd) => {
		  let lineEnd = body.length;
		  let end;

		  for (;;) {
		    if (stripLineEnd && body[lineEnd - 1] === '\r') {
		      lineEnd --;
		    }

		    end = lineEnd;

		    while (body[end - 1] === SPACE) {
		      end --;
		    }

		    if (!stripLineEnd || body[end - 1] !== '\n') {
		      break
		    }

		    lineEnd = end - 1;
		  }

		  if (end === lineEnd) {
		    return body.slice(0, lineEnd)
		  }

		  let backslashes = 0;

		  while (body[end - backslashes - 1] === ESCAPE) {
		    backslashes ++;
		  }

		  return backslashes % 2
		    ? body.slice(0, end - 1) + SPACE
		    : body.slice(0, end)
		};

		const createRule = (
		  pattern,
		  mark,
		  ignoreCase,
		  stripLineEnd,
		  stripBOM
		) => {
		  // Git drops a BOM before it reads the first line, so before anything else.
		  let body = stripBOM && pattern[0] === BOM
		    ? pattern.slice(1)
		    : pattern;

		  // > A line starting with # serves as a comment.
		  if (body[0] === '#') {
		    return
		  }

		  let negative = false;

		  // > An optional prefix "!" which negates the pattern;
		  if (body[0] === '!') {
		    negative = true;
		    body = body.slice(1);
		  }

		  // Normalize the body before checking which slashes anchor the pattern.
		  //   Otherwise `bar/ ` is mistaken for a pattern containing an inner slash.
		  //   A line from `splitPattern` has already lost its line ending, so only a
		  //   trailing space remains to trim there.
		  const last = body[body.length - 1];

		  if (
		    last === SPACE
		    || stripLineEnd && (last === '\r' || last === '\n')
		  ) {
		    body = trimEnd(body, stripLineEnd);
		  }

		  // > A blank line matches no files, so it can serve as a separator for
		  // >   readability.
		  // Nor does a lone "!", a pattern ending on an unpaired backslash, or
		  //   anything else left empty here: an empty pattern would compile to a
		  //   regex matching every path.
		  if (!body || hasTrailingBackslash(body)) {
		    return
		  }

		  body = body
		  // > Put a backslash ("\") in front of the first "!" for patterns that
		  // >   begin with a literal "!", for example, `"\!important!.txt"`.
		  .replace(REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION, '!')
		  // > Put a backslash ("\") in front of the first hash for patterns that
		  // >   begin with a hash.
		  .replace(REGEX_REPLACE_LEADING_EXCAPED_HASH, '#');

		  const regexPrefix = makeRegexPrefix(body);

		  return new IgnoreRule(
		    pattern,
		    mark,
		    body,
		    ignoreCase,
		    negative,
		    regexPrefix
		  )
		};

		class RuleManager {
		  constructor (ignoreCase) {
		    this._ignoreCase = ignoreCase;
		    this._rules = [];

		    // How many of the rules git would tag `EXC_FLAG_NODIR`.
		    //
		    // The scan uses it to decide, once for the whole set, whether handing
		    //   those rules the basename is worth what it costs the others. The
		    //   shortcut saves a full-path scan on every rule it applies to and costs
		    //   a check on every rule it does not, so a set where almost nothing is
		    //   basename-only comes out behind -- a 955 pattern set with 44 of them
		    //   measured 19% slower with the shortcut always on.
		    //
		    // Deciding this by measurement rather than by meaning is safe: a
		    //   basename-only pattern gives the very same answer against the whole
		    //   path, it just takes longer to say so. The choice can only change how
		    //   fast the scan runs, never what it returns.
		    this._basenameCount = 0;
		  }

		  _add (pattern, index) {
		    // #32
		    if (pattern && pattern[KEY_IGNORE]) {
		      this._rules = this._rules.concat(pattern._rules._rules);
		      this._basenameCount += pattern._rules._basenameCount;
		      this._added = true;
		      return
		    }

		    const isStr = isString(pattern);
		    const raw = isStr
		      ? pattern
		      : pattern.pattern;

		    const rule = checkPattern(raw)
		      && createRule(
		        raw,
		        isStr ? UNDEFINED : pattern.mark,
		        this._ignoreCase,
		        !this._split,
		        this._stripBOM && !index
		      );

		    if (rule) {
		      this._added = true;
		      this._rules.push(rule);

		      // Deliberately not `rule._basenameOnly`: reading that would materialise
		      //   the rule's own copy, and the whole point of leaving it lazy is that
		      //   a rule which is compiled and never matched never pays for it.
		      if (matchesBasename(rule.body)) {
		        this._basenameCount ++;
		      }
		    }
		  }

		  // @param {Array<string> | string | Ignore} pattern
		  add (pattern) {
		    this._added = false;
		    this._split = isString(pattern);
		    this._stripBOM = !this._split || pattern[0] === BOM;

		    makeArray(
		      this._split
		        ? splitPattern(pattern)
		        : pattern
		    ).forEach(this._add, this);

		    if (this._added) {
		      this._literalRules = UNDEFINED;
		    }

		    return this._added
		  }

		  // Match the literal 'abc/' for `checkIgnore`, last rule wins. Only a rule
		  //   ending in a wildcard can match it (see `checkSourceOf`), so the rest
		  //   are left out once, rather than tested or compiled for every path.
		  testLiteral (path) {
		    const rules = this._literalRules || (
		      this._literalRules = this._rules.filter(
		        ({body}) => body[body.length - (
		          body[body.length - 1] === SLASH ? 2 : 1
		        )] === '*'
		      )
		    );

		    let ignored = false;
		    let unignored = false;
		    let matchedRule;

		    for (let index = rules.length - 1; index >= 0; index --) {
		      const rule = rules[index];

		      if (rule.checkRegex.test(path)) {
		        ignored = !rule.negative;
		        unignored = rule.negative;
		        matchedRule = rule.negative
		          ? UNDEFINED
		          : rule;
		        break
		      }
		    }

		    const ret = {
		      ignored,
		      unignored
		    };

		    if (matchedRule) {
		      ret.rule = matchedRule;
		    }

		    return ret
		  }

		  // Test one single path without recursively checking parent directories
		  //
		  // - mode `string` either `MODE_IGNORE` or `MODE_CHECK_IGNORE`

		  // @returns {TestResult}
		  test (path, mode) {
		    // Most of a .gitignore is patterns with no slash in them, and running
		    //   those against the whole path makes the regular expression engine walk
		    //   every directory name on the way to the only segment that could match.
		    //   Handing them the basename instead is what git does, and it is where
		    //   the time in a directory walk goes: the rule scan was two thirds of it.
		    const rules = this._rules;
		    const {length} = rules;

		    const shortcut = this._basenameCount * 2 >= length;

		    const basename = shortcut
		      ? basenameOf(path)
		      : path;

		    // The last rule to match decides, as in git, and it is the rule
		    //   `git check-ignore -v` reports, so the scan runs from the end and stops
		    //   at the first match.
		    // A plain loop rather than `forEach`, so that `path`, `basename` and
		    //   `shortcut` are locals. As a callback they became closure variables,
		    //   and reaching for one of those once per rule cost 10% of a scan over a
		    //   large rule set -- more than the shortcut they were there to serve.
		    for (let index = length - 1; index >= 0; index --) {
		      const rule = rules[index];

		      if (rule[mode].test(
		        shortcut && rule._basenameOnly
		          ? basename
		          : path
		      )) {
		        const {negative} = rule;

		        const ret = {
		          ignored: !negative,
		          unignored: negative
		        };

		        if (!negative) {
		          ret.rule = rule;
		        }

		        return ret
		      }
		    }

		    return {
		      ignored: false,
		      unignored: false
		    }
		  }
		}

		const throwError = (message, Ctor) => {
		  throw new Ctor(message)
		};

		const checkPath = (path, originalPath, doThrow) => {
		  if (!isString(path)) {
		    return doThrow(
		      `path must be a string, but got \`${originalPath}\``,
		      TypeError
		    )
		  }

		  // We don't know if we should ignore EMPTY, so throw
		  if (!path) {
		    return doThrow(`path must not be empty`, TypeError)
		  }

		  // Check if it is a relative path
		  if (checkPath.isNotRelative(path)) {
		    const r = '`path.relative()`d';
		    return doThrow(
		      `path should be a ${r} string, but got "${originalPath}"`,
		      RangeError
		    )
		  }

		  return true
		};

		// > pathname should be a `path.relative()`d one
		//
		// The same thing `REGEX_TEST_INVALID_PATH` says, spelled out: a path is not
		//   relative if it begins with a separator, or with `./` or `../`, or is
		//   nothing but `.` or `..`. Every match is decided by the first three
		//   characters, and this runs on every path handed to the library -- where it
		//   was 55% of a cached lookup, more than the cache lookup itself.
		const isNotRelative = path => {
		  const first = path.charCodeAt(0);

		  if (first === SLASH_CODE) {
		    return true
		  }

		  if (first !== DOT_CODE) {
		    return false
		  }

		  // '.'
		  if (path.length === 1) {
		    return true
		  }

		  const second = path.charCodeAt(1);

		  // './'
		  if (second === SLASH_CODE) {
		    return true
		  }

		  if (second !== DOT_CODE) {
		    return false
		  }

		  // '..' or '../'
		  return path.length === 2 || path.charCodeAt(2) === SLASH_CODE
		};

		checkPath.isNotRelative = isNotRelative;

		// On windows, the following function will be replaced
		/* istanbul ignore next */
		checkPath.convert = p => p;


		const convertPath = target =>
		  isString(target) && checkPath.convert(target);


		class Ignore {
		  constructor ({
		    ignorecase = true,
		    ignoreCase = ignorecase,
		    allowRelativePaths = false
		  } = {}) {
		    define(this, KEY_IGNORE, true);

		    this._rules = new RuleManager(ignoreCase);
		    this._strictPathCheck = !allowRelativePaths;
		    this._initCache();
		  }

		  _initCache () {
		    // A cache for the result of `.ignores()`
		    this._ignoreCache = Object.create(null);

		    // A cache for the result of `.test()`
		    this._testCache = Object.create(null);
		  }

		  add (pattern) {
		    if (this._rules.add(pattern)) {
		      // Some rules have just added to the ignore,
		      //   making the behavior changed,
		      //   so we need to re-initialize the result cache
		      this._initCache();
		    }

		    return this
		  }

		  // legacy
		  addPattern (pattern) {
		    return this.add(pattern)
		  }

		  // @returns {TestResult}
		  _test (originalPath, cache, path) {
		    checkPath(
		      path,
		      originalPath,
		      this._strictPathCheck
		        ? throwError
		        : RETURN_FALSE
		    );

		    return path
		      ? this._t(path, cache)
		      : {
		        ignored: false,
		        unignored: false
		      }
		  }

		  checkIgnore (target) {
		    // A Windows path is converted first, so that a directory given with a
		    //   trailing separator, `\` or `/`, is told the same way
		    const path = convertPath(target);

		    // If the path does not end with a slash, `.ignores()` is much equivalent
		    //   to `git check-ignore`
		    if (!path || path.charCodeAt(path.length - 1) !== SLASH_CODE) {
		      return this._test(target, this._testCache, path)
		    }

		    // Like `git check-ignore`: a directory excluded by itself or by an
		    //   ancestor settles it, and only then is the literal 'abc/' matched
		    //   against the rules (see `checkSourceOf`).
		    const dir = this._t(path, this._testCache);

		    if (dir.ignored) {
		      return dir
		    }

		    const literal = this._rules.testLiteral(path);

		    return literal.ignored || literal.unignored
		      ? literal
		      : dir
		  }

		  _t (
		    // The path to be tested
		    path,

		    // The cache for the result of a certain checking
		    cache
		  ) {
		    if (path in cache) {
		      return cache[path]
		    }

		    const parentPath = parentOf(path);

		    // If the path contains a parent directory, check the parent first
		    const parent = parentPath
		      ? this._t(parentPath, cache)
		      : UNDEFINED;

		    return cache[path] = parent && parent.ignored
		      // > It is not possible to re-include a file if a parent directory of
		      // >   that file is excluded.
		      ? parent
		      : this._rules.test(path, MODE_IGNORE)
		  }

		  ignores (path) {
		    return this._test(path, this._ignoreCache, convertPath(path)).ignored
		  }

		  createFilter () {
		    return path => !this.ignores(path)
		  }

		  filter (paths) {
		    return makeArray(paths).filter(this.createFilter())
		  }

		  // @returns {TestResult}
		  test (path) {
		    return this._test(path, this._testCache, convertPath(path))
		  }
		}

		const factory = options => new Ignore(options);

		const isPathValid = path =>
		  checkPath(convertPath(path), path, RETURN_FALSE);

		/* istanbul ignore next */
		const setupWindows = () => {
		  /* eslint no-control-regex: "off" */
		  const makePosix = str => /^\\\\\?\\/.test(str)
		  || /["<>|\u0000-\u001F]+/u.test(str)
		    ? str
		    : str.replace(/\\/g, '/');

		  checkPath.convert = makePosix;

		  // 'C:\\foo'     <- 'C:\\foo' has been converted to 'C:/'
		  // 'd:\\foo'
		  const REGEX_TEST_WINDOWS_PATH_ABSOLUTE = /^[a-z]:\//i;
		  checkPath.isNotRelative = path =>
		    REGEX_TEST_WINDOWS_PATH_ABSOLUTE.test(path)
		    || isNotRelative(path);
		};


		// Windows
		// --------------------------------------------------------------
		/* istanbul ignore next */
		if (
		  // Detect `process` so that it can run in browsers.
		  typeof process !== 'undefined'
		  && process.platform === 'win32'
		) {
		  setupWindows();
		}

		// COMMONJS_EXPORTS ////////////////////////////////////////////////////////////

		module.exports = factory;

		// Although it is an anti-pattern,
		//   it is still widely misused by a lot of libraries in github
		// Ref: https://github.com/search?q=ignore.default%28%29&type=code
		factory.default = factory;

		module.exports.isPathValid = isPathValid;

		// For testing purposes
		define(module.exports, Symbol.for('setupWindows'), setupWindows); 
	} (ignore$1));
	return ignore$1.exports;
}

var ignoreExports = requireIgnore();
var ignore = /*@__PURE__*/getDefaultExportFromCjs(ignoreExports);

/** Folders that never hold the project's own code. */
const ALWAYS_SKIPPED = new Set([
    '.git',
    '.hg',
    '.svn',
    'node_modules',
    '__pycache__',
    '.tox',
    '.nox',
    '.venv',
    'venv',
    '.virtualenv',
    'virtualenv',
    'site-packages',
    '.mypy_cache',
    '.pytest_cache',
    '.ruff_cache',
    '.eggs',
]);
function isAlwaysSkipped(name) {
    return ALWAYS_SKIPPED.has(name);
}
/**
 * `.gitignore` semantics for the files a scan walks: every `.gitignore` from the repository root down to a
 * path applies, each relative to its own folder, plus `.git/info/exclude`. Files production never sees
 * (git-ignored local settings, build output) are not judged as if they shipped.
 */
class IgnoreRules {
    repoRoot;
    perFolder = new Map();
    extra;
    chains = new Map();
    constructor(repoRoot, extraPatterns = []) {
        this.repoRoot = repoRoot;
        this.extra = ignore().add([...extraPatterns]);
        const exclude = join$1(repoRoot, '.git', 'info', 'exclude');
        if (existsSync(exclude))
            this.perFolder.set(`${repoRoot}\0exclude`, ignore().add(readFileSync(exclude, 'utf8')));
    }
    rulesOf(folder) {
        if (!this.perFolder.has(folder)) {
            const file = join$1(folder, '.gitignore');
            let rules = null;
            try {
                if (existsSync(file))
                    rules = ignore().add(readFileSync(file, 'utf8'));
            }
            catch {
                rules = null;
            }
            this.perFolder.set(folder, rules);
        }
        return this.perFolder.get(folder) ?? null;
    }
    /** The folders from the repository root down to `folder` that hold a .gitignore, cached per folder. */
    foldersAbove(folder) {
        let chain = this.chains.get(folder);
        if (!chain) {
            const parent = dirname(folder);
            const above = folder === this.repoRoot || parent === folder ? [] : this.foldersAbove(parent);
            chain = this.rulesOf(folder) ? [...above, folder] : above;
            this.chains.set(folder, chain);
        }
        return chain;
    }
    relativePosix(from, to) {
        return relative(from, to).split(sep).join('/');
    }
    isIgnored(absPath, isDirectory = false) {
        const fromRoot = this.relativePosix(this.repoRoot, absPath);
        if (!fromRoot || fromRoot.startsWith('..'))
            return false;
        const suffix = isDirectory ? '/' : '';
        if (this.extra.ignores(fromRoot + suffix))
            return true;
        const exclude = this.perFolder.get(`${this.repoRoot}\0exclude`);
        if (exclude?.ignores(fromRoot + suffix))
            return true;
        for (const folder of this.foldersAbove(dirname(absPath))) {
            const rules = this.rulesOf(folder);
            if (!rules)
                continue;
            const rel = this.relativePosix(folder, absPath);
            if (rel && !rel.startsWith('..') && rules.ignores(rel + suffix))
                return true;
        }
        return false;
    }
}

function isFile(path) {
    try {
        return statSync(path).isFile();
    }
    catch {
        return false;
    }
}
/**
 * Finds the file behind a Python module name the way the import system would for a Django project:
 * absolute names against sys.path (the folder of manage.py first), relative names against the importing file.
 */
class ModuleResolver {
    searchRoots;
    isShipped;
    constructor(searchRoots, isShipped = () => true) {
        this.searchRoots = searchRoots;
        this.isShipped = isShipped;
    }
    locate(base, parts) {
        const path = join$1(base, ...parts);
        if (parts.length > 0 && isFile(`${path}.py`))
            return `${path}.py`;
        const init = join$1(path, '__init__.py');
        if (isFile(init))
            return init;
        return undefined;
    }
    resolve(dotted, level, fromFile) {
        const parts = dotted ? dotted.split('.') : [];
        let found;
        if (level > 0) {
            let base = dirname(fromFile);
            for (let i = 1; i < level; i++)
                base = dirname(base);
            found = this.locate(base, parts);
        }
        else {
            for (const root of this.searchRoots) {
                found = this.locate(root, parts);
                if (found)
                    break;
            }
        }
        return found ? { absPath: found, shipped: this.isShipped(found) } : undefined;
    }
    /** Whether a file found here would reach production (not git-ignored). */
    shipped(absPath) {
        return this.isShipped(absPath);
    }
    /** Whether `dotted` could name a module of this project (its first package exists under a search root). */
    isProjectModule(dotted, level) {
        if (level > 0)
            return true;
        const top = dotted.split('.')[0];
        return this.searchRoots.some((root) => existsSync(join$1(root, `${top}.py`)) || existsSync(join$1(root, top)));
    }
}

var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// src/edit.ts
(class {
  static {
    __name(this, "Edit");
  }
  /** The start position of the change. */
  startPosition;
  /** The end position of the change before the edit. */
  oldEndPosition;
  /** The end position of the change after the edit. */
  newEndPosition;
  /** The start index of the change. */
  startIndex;
  /** The end index of the change before the edit. */
  oldEndIndex;
  /** The end index of the change after the edit. */
  newEndIndex;
  constructor({
    startIndex,
    oldEndIndex,
    newEndIndex,
    startPosition,
    oldEndPosition,
    newEndPosition
  }) {
    this.startIndex = startIndex >>> 0;
    this.oldEndIndex = oldEndIndex >>> 0;
    this.newEndIndex = newEndIndex >>> 0;
    this.startPosition = startPosition;
    this.oldEndPosition = oldEndPosition;
    this.newEndPosition = newEndPosition;
  }
  /**
   * Edit a point and index to keep it in-sync with source code that has been edited.
   *
   * This function updates a single point's byte offset and row/column position
   * based on an edit operation. This is useful for editing points without
   * requiring a tree or node instance.
   */
  editPoint(point, index) {
    let newIndex = index;
    const newPoint = { ...point };
    if (index >= this.oldEndIndex) {
      newIndex = this.newEndIndex + (index - this.oldEndIndex);
      const originalRow = point.row;
      newPoint.row = this.newEndPosition.row + (point.row - this.oldEndPosition.row);
      newPoint.column = originalRow === this.oldEndPosition.row ? this.newEndPosition.column + (point.column - this.oldEndPosition.column) : point.column;
    } else if (index > this.startIndex) {
      newIndex = this.newEndIndex;
      newPoint.row = this.newEndPosition.row;
      newPoint.column = this.newEndPosition.column;
    }
    return { point: newPoint, index: newIndex };
  }
  /**
   * Edit a range to keep it in-sync with source code that has been edited.
   *
   * This function updates a range's start and end positions based on an edit
   * operation. This is useful for editing ranges without requiring a tree
   * or node instance.
   */
  editRange(range) {
    const newRange = {
      startIndex: range.startIndex,
      startPosition: { ...range.startPosition },
      endIndex: range.endIndex,
      endPosition: { ...range.endPosition }
    };
    if (range.endIndex >= this.oldEndIndex) {
      if (range.endIndex !== Number.MAX_SAFE_INTEGER) {
        newRange.endIndex = this.newEndIndex + (range.endIndex - this.oldEndIndex);
        newRange.endPosition = {
          row: this.newEndPosition.row + (range.endPosition.row - this.oldEndPosition.row),
          column: range.endPosition.row === this.oldEndPosition.row ? this.newEndPosition.column + (range.endPosition.column - this.oldEndPosition.column) : range.endPosition.column
        };
        if (newRange.endIndex < this.newEndIndex) {
          newRange.endIndex = Number.MAX_SAFE_INTEGER;
          newRange.endPosition = { row: Number.MAX_SAFE_INTEGER, column: Number.MAX_SAFE_INTEGER };
        }
      }
    } else if (range.endIndex > this.startIndex) {
      newRange.endIndex = this.startIndex;
      newRange.endPosition = { ...this.startPosition };
    }
    if (range.startIndex >= this.oldEndIndex) {
      newRange.startIndex = this.newEndIndex + (range.startIndex - this.oldEndIndex);
      newRange.startPosition = {
        row: this.newEndPosition.row + (range.startPosition.row - this.oldEndPosition.row),
        column: range.startPosition.row === this.oldEndPosition.row ? this.newEndPosition.column + (range.startPosition.column - this.oldEndPosition.column) : range.startPosition.column
      };
      if (newRange.startIndex < this.newEndIndex) {
        newRange.startIndex = Number.MAX_SAFE_INTEGER;
        newRange.startPosition = { row: Number.MAX_SAFE_INTEGER, column: Number.MAX_SAFE_INTEGER };
      }
    } else if (range.startIndex > this.startIndex) {
      newRange.startIndex = this.startIndex;
      newRange.startPosition = { ...this.startPosition };
    }
    return newRange;
  }
});

// src/constants.ts
var SIZE_OF_SHORT = 2;
var SIZE_OF_INT = 4;
var SIZE_OF_CURSOR = 4 * SIZE_OF_INT;
var SIZE_OF_NODE = 5 * SIZE_OF_INT;
var SIZE_OF_POINT = 2 * SIZE_OF_INT;
var SIZE_OF_RANGE = 2 * SIZE_OF_INT + 2 * SIZE_OF_POINT;
var ZERO_POINT = { row: 0, column: 0 };
var INTERNAL = /* @__PURE__ */ Symbol("INTERNAL");
function assertInternal(x) {
  if (x !== INTERNAL) throw new Error("Illegal constructor");
}
__name(assertInternal, "assertInternal");
function isPoint(point) {
  return !!point && typeof point.row === "number" && typeof point.column === "number";
}
__name(isPoint, "isPoint");
function setModule(module2) {
  C = module2;
}
__name(setModule, "setModule");
var C;

// src/finalization_registry.ts
function newFinalizer(handler) {
  try {
    return new FinalizationRegistry(handler);
  } catch (e) {
    console.error("Unsupported FinalizationRegistry:", e);
    return;
  }
}
__name(newFinalizer, "newFinalizer");

// src/lookahead_iterator.ts
var finalizer = newFinalizer((address) => {
  C._ts_lookahead_iterator_delete(address);
});
var LookaheadIterator = class {
  static {
    __name(this, "LookaheadIterator");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  language;
  /** @internal */
  positioned = false;
  /** @internal */
  constructor(internal, address, language) {
    assertInternal(internal);
    this[0] = address;
    this.language = language;
    finalizer?.register(this, address, this);
  }
  /**
   * Get the current symbol of the lookahead iterator.
   *
   * Returns `null` if the iterator is not positioned on a symbol:
   *
   * - Before the first iteration step
   * - After the iterator is exhausted
   * - After a {@link reset} or {@link resetState} call
   */
  get currentTypeId() {
    return this.positioned ? C._ts_lookahead_iterator_current_symbol(this[0]) : null;
  }
  /**
   * Get the current symbol name of the lookahead iterator.
   *
   * Returns `null` if the iterator is not positioned on a symbol.
   */
  get currentType() {
    const id = this.currentTypeId;
    if (id === null) return null;
    return this.language.types[id] ?? C.UTF8ToString(C._ts_language_symbol_name(this.language[0], id));
  }
  /** Delete the lookahead iterator, freeing its resources. */
  delete() {
    finalizer?.unregister(this);
    C._ts_lookahead_iterator_delete(this[0]);
    this[0] = 0;
  }
  /**
   * Reset the lookahead iterator.
   *
   * This returns `true` if the language was set successfully and `false`
   * otherwise.
   */
  reset(language, stateId) {
    if (C._ts_lookahead_iterator_reset(this[0], language[0], stateId)) {
      this.language = language;
      this.positioned = false;
      return true;
    }
    return false;
  }
  /**
   * Reset the lookahead iterator to another state.
   *
   * This returns `true` if the iterator was reset to the given state and
   * `false` otherwise.
   */
  resetState(stateId) {
    if (!C._ts_lookahead_iterator_reset_state(this[0], stateId)) return false;
    this.positioned = false;
    return true;
  }
  /**
   * Returns an iterator that iterates over the symbols of the lookahead iterator.
   *
   * The iterator will yield the current symbol name as a string for each step
   * until there are no more symbols to iterate over.
   */
  [Symbol.iterator]() {
    return {
      next: /* @__PURE__ */ __name(() => {
        this.positioned = Boolean(C._ts_lookahead_iterator_next(this[0]));
        const value = this.currentType;
        return value === null ? { done: true, value: "" } : { done: false, value };
      }, "next")
    };
  }
};

// src/tree.ts
function getText(tree, startIndex, endIndex, startPosition) {
  const length = endIndex - startIndex;
  let result = tree.textCallback(startIndex, startPosition);
  if (result) {
    startIndex += result.length;
    while (startIndex < endIndex) {
      const string = tree.textCallback(startIndex, startPosition);
      if (string && string.length > 0) {
        startIndex += string.length;
        result += string;
      } else {
        break;
      }
    }
    if (startIndex > endIndex) {
      result = result.slice(0, length);
    }
  }
  return result ?? "";
}
__name(getText, "getText");
var finalizer2 = newFinalizer((address) => {
  C._ts_tree_delete(address);
});
var Tree = class _Tree {
  static {
    __name(this, "Tree");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  textCallback;
  /** The language that was used to parse the syntax tree. */
  language;
  /** @internal */
  constructor(internal, address, language, textCallback) {
    assertInternal(internal);
    this[0] = address;
    this.language = language;
    this.textCallback = textCallback;
    finalizer2?.register(this, address, this);
  }
  /** Create a shallow copy of the syntax tree. This is very fast. */
  copy() {
    const address = C._ts_tree_copy(this[0]);
    return new _Tree(INTERNAL, address, this.language, this.textCallback);
  }
  /** Delete the syntax tree, freeing its resources. */
  delete() {
    finalizer2?.unregister(this);
    C._ts_tree_delete(this[0]);
    this[0] = 0;
  }
  /** Get the root node of the syntax tree. */
  get rootNode() {
    C._ts_tree_root_node_wasm(this[0]);
    return unmarshalNode(this);
  }
  /**
   * Get the root node of the syntax tree, but with its position shifted
   * forward by the given offset.
   */
  rootNodeWithOffset(offsetBytes, offsetExtent) {
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, offsetBytes, "i32");
    marshalPoint(address + SIZE_OF_INT, offsetExtent);
    C._ts_tree_root_node_with_offset_wasm(this[0]);
    return unmarshalNode(this);
  }
  /**
   * Edit the syntax tree to keep it in sync with source code that has been
   * edited.
   *
   * You must describe the edit both in terms of byte offsets and in terms of
   * row/column coordinates.
   */
  edit(edit) {
    marshalEdit(edit);
    C._ts_tree_edit_wasm(this[0]);
  }
  /** Create a new {@link TreeCursor} starting from the root of the tree. */
  walk() {
    return this.rootNode.walk();
  }
  /**
   * Compare this old edited syntax tree to a new syntax tree representing
   * the same document, returning a sequence of ranges whose syntactic
   * structure has changed.
   *
   * For this to work correctly, this syntax tree must have been edited such
   * that its ranges match up to the new tree. Generally, you'll want to
   * call this method right after calling one of the [`Parser::parse`]
   * functions. Call it on the old tree that was passed to parse, and
   * pass the new tree that was returned from `parse`.
   */
  getChangedRanges(other) {
    if (!(other instanceof _Tree)) {
      throw new TypeError("Argument must be a Tree");
    }
    C._ts_tree_get_changed_ranges_wasm(this[0], other[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalRange(address);
        address += SIZE_OF_RANGE;
      }
      C._free(buffer);
    }
    return result;
  }
  /** Get the included ranges that were used to parse the syntax tree. */
  getIncludedRanges() {
    C._ts_tree_included_ranges_wasm(this[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalRange(address);
        address += SIZE_OF_RANGE;
      }
      C._free(buffer);
    }
    return result;
  }
};

// src/tree_cursor.ts
var finalizer3 = newFinalizer((handles) => {
  marshalTreeCursor({ handles });
  C._ts_tree_cursor_delete_wasm(0);
});
var TreeCursor = class _TreeCursor {
  static {
    __name(this, "TreeCursor");
  }
  /** @internal */
  handles = [0, 0, 0, 0];
  // Internal handles for Wasm, shared with the finalizer.
  /** @internal */
  tree;
  /** @internal */
  constructor(internal, tree) {
    assertInternal(internal);
    this.tree = tree;
    unmarshalTreeCursor(this);
    finalizer3?.register(this, this.handles, this);
  }
  /** Creates a deep copy of the tree cursor. This allocates new memory. */
  copy() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_copy_wasm(this.tree[0]);
    return new _TreeCursor(INTERNAL, this.tree);
  }
  /** Delete the tree cursor, freeing its resources. */
  delete() {
    finalizer3?.unregister(this);
    marshalTreeCursor(this);
    C._ts_tree_cursor_delete_wasm(this.tree[0]);
    this.handles.fill(0);
  }
  /** Get the tree cursor's current {@link Node}. */
  get currentNode() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_current_node_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get the numerical field id of this tree cursor's current node.
   *
   * See also {@link TreeCursor#currentFieldName}.
   */
  get currentFieldId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_field_id_wasm(this.tree[0]);
  }
  /** Get the field name of this tree cursor's current node. */
  get currentFieldName() {
    return this.tree.language.fields[this.currentFieldId];
  }
  /**
   * Get the depth of the cursor's current node relative to the original
   * node that the cursor was constructed with.
   */
  get currentDepth() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_depth_wasm(this.tree[0]);
  }
  /**
   * Get the index of the cursor's current node out of all of the
   * descendants of the original node that the cursor was constructed with.
   */
  get currentDescendantIndex() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_descendant_index_wasm(this.tree[0]);
  }
  /** Get the type of the cursor's current node. */
  get nodeType() {
    return this.tree.language.types[this.nodeTypeId] || "ERROR";
  }
  /** Get the type id of the cursor's current node. */
  get nodeTypeId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_type_id_wasm(this.tree[0]);
  }
  /** Get the state id of the cursor's current node. */
  get nodeStateId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_state_id_wasm(this.tree[0]);
  }
  /** Get the id of the cursor's current node. */
  get nodeId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_id_wasm(this.tree[0]);
  }
  /**
   * Check if the cursor's current node is *named*.
   *
   * Named nodes correspond to named rules in the grammar, whereas
   * *anonymous* nodes correspond to string literals in the grammar.
   */
  get nodeIsNamed() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_is_named_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if the cursor's current node is *missing*.
   *
   * Missing nodes are inserted by the parser in order to recover from
   * certain kinds of syntax errors.
   */
  get nodeIsMissing() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_is_missing_wasm(this.tree[0]) === 1;
  }
  /** Get the string content of the cursor's current node. */
  get nodeText() {
    marshalTreeCursor(this);
    const startIndex = C._ts_tree_cursor_start_index_wasm(this.tree[0]);
    const endIndex = C._ts_tree_cursor_end_index_wasm(this.tree[0]);
    C._ts_tree_cursor_start_position_wasm(this.tree[0]);
    const startPosition = unmarshalPoint(TRANSFER_BUFFER);
    return getText(this.tree, startIndex, endIndex, startPosition);
  }
  /** Get the start position of the cursor's current node. */
  get startPosition() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_start_position_wasm(this.tree[0]);
    return unmarshalPoint(TRANSFER_BUFFER);
  }
  /** Get the end position of the cursor's current node. */
  get endPosition() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_end_position_wasm(this.tree[0]);
    return unmarshalPoint(TRANSFER_BUFFER);
  }
  /** Get the start index of the cursor's current node. */
  get startIndex() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_start_index_wasm(this.tree[0]);
  }
  /** Get the end index of the cursor's current node. */
  get endIndex() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_end_index_wasm(this.tree[0]);
  }
  /**
   * Move this cursor to the first child of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there were no children.
   */
  gotoFirstChild() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_first_child_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the last child of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there were no children.
   *
   * Note that this function may be slower than
   * {@link TreeCursor#gotoFirstChild} because it needs to
   * iterate through all the children to compute the child's position.
   */
  gotoLastChild() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_last_child_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the parent of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there was no parent node (the cursor was already on the
   * root node).
   *
   * Note that the node the cursor was constructed with is considered the root
   * of the cursor, and the cursor cannot walk outside this node.
   */
  gotoParent() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_parent_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the next sibling of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there was no next sibling node.
   *
   * Note that the node the cursor was constructed with is considered the root
   * of the cursor, and the cursor cannot walk outside this node.
   */
  gotoNextSibling() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_next_sibling_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the previous sibling of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there was no previous sibling node.
   *
   * Note that this function may be slower than
   * {@link TreeCursor#gotoNextSibling} due to how node
   * positions are stored. In the worst case, this will need to iterate
   * through all the children up to the previous sibling node to recalculate
   * its position. Also note that the node the cursor was constructed with is
   * considered the root of the cursor, and the cursor cannot walk outside this node.
   */
  gotoPreviousSibling() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_previous_sibling_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move the cursor to the node that is the nth descendant of
   * the original node that the cursor was constructed with, where
   * zero represents the original node itself.
   */
  gotoDescendant(goalDescendantIndex) {
    marshalTreeCursor(this);
    C._ts_tree_cursor_goto_descendant_wasm(this.tree[0], goalDescendantIndex);
    unmarshalTreeCursor(this);
  }
  /**
   * Move this cursor to the first child of its current node that contains or
   * starts after the given byte offset.
   *
   * This returns `true` if the cursor successfully moved to a child node, and returns
   * `false` if no such child was found.
   */
  gotoFirstChildForIndex(goalIndex) {
    marshalTreeCursor(this);
    C.setValue(TRANSFER_BUFFER + SIZE_OF_CURSOR, goalIndex, "i32");
    const result = C._ts_tree_cursor_goto_first_child_for_index_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the first child of its current node that contains or
   * starts after the given position.
   *
   * This returns `true` if the cursor successfully moved to a child node, and returns
   * `false` if no such child was found.
   */
  gotoFirstChildForPosition(goalPosition) {
    marshalTreeCursor(this);
    marshalPoint(TRANSFER_BUFFER + SIZE_OF_CURSOR, goalPosition);
    const result = C._ts_tree_cursor_goto_first_child_for_position_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Re-initialize this tree cursor to start at the original node that the
   * cursor was constructed with.
   */
  reset(node) {
    marshalNode(node);
    marshalTreeCursor(this, TRANSFER_BUFFER + SIZE_OF_NODE);
    C._ts_tree_cursor_reset_wasm(node.tree[0]);
    unmarshalTreeCursor(this);
    this.tree = node.tree;
  }
  /**
   * Re-initialize a tree cursor to the same position as another cursor.
   *
   * Unlike {@link TreeCursor#reset}, this will not lose parent
   * information and allows reusing already created cursors.
   */
  resetTo(cursor) {
    marshalTreeCursor(this, TRANSFER_BUFFER);
    marshalTreeCursor(cursor, TRANSFER_BUFFER + SIZE_OF_CURSOR);
    C._ts_tree_cursor_reset_to_wasm(this.tree[0], cursor.tree[0]);
    unmarshalTreeCursor(this);
    this.tree = cursor.tree;
  }
};

// src/node.ts
var Node = class {
  static {
    __name(this, "Node");
  }
  /** @internal */
  // @ts-expect-error: never read
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  _children;
  /** @internal */
  _namedChildren;
  /** @internal */
  constructor(internal, {
    id,
    tree,
    startIndex,
    startPosition,
    other
  }) {
    assertInternal(internal);
    this[0] = other;
    this.id = id;
    this.tree = tree;
    this.startIndex = startIndex;
    this.startPosition = startPosition;
  }
  /**
   * The numeric id for this node that is unique.
   *
   * Within a given syntax tree, no two nodes have the same id. However:
   *
   * * If a new tree is created based on an older tree, and a node from the old tree is reused in
   *   the process, then that node will have the same id in both trees.
   *
   * * A node not marked as having changes does not guarantee it was reused.
   *
   * * If a node is marked as having changed in the old tree, it will not be reused.
   */
  id;
  /** The byte index where this node starts. */
  startIndex;
  /** The position where this node starts. */
  startPosition;
  /** The tree that this node belongs to. */
  tree;
  /** Get this node's type as a numerical id. */
  get typeId() {
    marshalNode(this);
    return C._ts_node_symbol_wasm(this.tree[0]);
  }
  /**
   * Get the node's type as a numerical id as it appears in the grammar,
   * ignoring aliases.
   */
  get grammarId() {
    marshalNode(this);
    return C._ts_node_grammar_symbol_wasm(this.tree[0]);
  }
  /** Get this node's type as a string. */
  get type() {
    return this.tree.language.types[this.typeId] || "ERROR";
  }
  /**
   * Get this node's symbol name as it appears in the grammar, ignoring
   * aliases as a string.
   */
  get grammarType() {
    return this.tree.language.types[this.grammarId] || "ERROR";
  }
  /**
   * Check if this node is *named*.
   *
   * Named nodes correspond to named rules in the grammar, whereas
   * *anonymous* nodes correspond to string literals in the grammar.
   */
  get isNamed() {
    marshalNode(this);
    return C._ts_node_is_named_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node is *extra*.
   *
   * Extra nodes represent things like comments, which are not required
   * by the grammar, but can appear anywhere.
   */
  get isExtra() {
    marshalNode(this);
    return C._ts_node_is_extra_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node represents a syntax error.
   *
   * Syntax errors represent parts of the code that could not be incorporated
   * into a valid syntax tree.
   */
  get isError() {
    marshalNode(this);
    return C._ts_node_is_error_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node is *missing*.
   *
   * Missing nodes are inserted by the parser in order to recover from
   * certain kinds of syntax errors.
   */
  get isMissing() {
    marshalNode(this);
    return C._ts_node_is_missing_wasm(this.tree[0]) === 1;
  }
  /** Check if this node has been edited. */
  get hasChanges() {
    marshalNode(this);
    return C._ts_node_has_changes_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node represents a syntax error or contains any syntax
   * errors anywhere within it.
   */
  get hasError() {
    marshalNode(this);
    return C._ts_node_has_error_wasm(this.tree[0]) === 1;
  }
  /** Get the byte index where this node ends. */
  get endIndex() {
    marshalNode(this);
    return C._ts_node_end_index_wasm(this.tree[0]);
  }
  /** Get the position where this node ends. */
  get endPosition() {
    marshalNode(this);
    C._ts_node_end_point_wasm(this.tree[0]);
    return unmarshalPoint(TRANSFER_BUFFER);
  }
  /** Get the string content of this node. */
  get text() {
    return getText(this.tree, this.startIndex, this.endIndex, this.startPosition);
  }
  /** Get this node's parse state. */
  get parseState() {
    marshalNode(this);
    return C._ts_node_parse_state_wasm(this.tree[0]);
  }
  /** Get the parse state after this node. */
  get nextParseState() {
    marshalNode(this);
    return C._ts_node_next_parse_state_wasm(this.tree[0]);
  }
  /** Check if this node is equal to another node. */
  equals(other) {
    return this.tree === other.tree && this.id === other.id;
  }
  /**
   * Get the node's child at the given index, where zero represents the first child.
   *
   * This method is fairly fast, but its cost is technically log(n), so if
   * you might be iterating over a long list of children, you should use
   * {@link Node#children} instead.
   */
  child(index) {
    marshalNode(this);
    C._ts_node_child_wasm(this.tree[0], index);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's *named* child at the given index.
   *
   * See also {@link Node#isNamed}.
   * This method is fairly fast, but its cost is technically log(n), so if
   * you might be iterating over a long list of children, you should use
   * {@link Node#namedChildren} instead.
   */
  namedChild(index) {
    marshalNode(this);
    C._ts_node_named_child_wasm(this.tree[0], index);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's child with the given numerical field id.
   *
   * See also {@link Node#childForFieldName}. You can
   * convert a field name to an id using {@link Language#fieldIdForName}.
   */
  childForFieldId(fieldId) {
    marshalNode(this);
    C._ts_node_child_by_field_id_wasm(this.tree[0], fieldId);
    return unmarshalNode(this.tree);
  }
  /**
   * Get the first child with the given field name.
   *
   * If multiple children may have the same field name, access them using
   * {@link Node#childrenForFieldName}.
   */
  childForFieldName(fieldName) {
    const fieldId = this.tree.language.fields.indexOf(fieldName);
    if (fieldId !== -1) return this.childForFieldId(fieldId);
    return null;
  }
  /** Get the field name of this node's child at the given index. */
  fieldNameForChild(index) {
    marshalNode(this);
    const address = C._ts_node_field_name_for_child_wasm(this.tree[0], index);
    if (!address) return null;
    return C.AsciiToString(address);
  }
  /** Get the field name of this node's named child at the given index. */
  fieldNameForNamedChild(index) {
    marshalNode(this);
    const address = C._ts_node_field_name_for_named_child_wasm(this.tree[0], index);
    if (!address) return null;
    return C.AsciiToString(address);
  }
  /**
   * Get an array of this node's children with a given field name.
   *
   * See also {@link Node#children}.
   */
  childrenForFieldName(fieldName) {
    const fieldId = this.tree.language.fields.indexOf(fieldName);
    if (fieldId !== -1 && fieldId !== 0) return this.childrenForFieldId(fieldId);
    return [];
  }
  /**
    * Get an array of this node's children with a given field id.
    *
    * See also {@link Node#childrenForFieldName}.
    */
  childrenForFieldId(fieldId) {
    marshalNode(this);
    C._ts_node_children_by_field_id_wasm(this.tree[0], fieldId);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalNode(this.tree, address);
        address += SIZE_OF_NODE;
      }
      C._free(buffer);
    }
    return result;
  }
  /** Get the node's first child that contains or starts after the given byte offset. */
  firstChildForIndex(index) {
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, index, "i32");
    C._ts_node_first_child_for_byte_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the node's first named child that contains or starts after the given byte offset. */
  firstNamedChildForIndex(index) {
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, index, "i32");
    C._ts_node_first_named_child_for_byte_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get this node's number of children. */
  get childCount() {
    marshalNode(this);
    return C._ts_node_child_count_wasm(this.tree[0]);
  }
  /**
   * Get this node's number of *named* children.
   *
   * See also {@link Node#isNamed}.
   */
  get namedChildCount() {
    marshalNode(this);
    return C._ts_node_named_child_count_wasm(this.tree[0]);
  }
  /** Get this node's first child. */
  get firstChild() {
    return this.child(0);
  }
  /**
   * Get this node's first named child.
   *
   * See also {@link Node#isNamed}.
   */
  get firstNamedChild() {
    return this.namedChild(0);
  }
  /** Get this node's last child. */
  get lastChild() {
    return this.child(this.childCount - 1);
  }
  /**
   * Get this node's last named child.
   *
   * See also {@link Node#isNamed}.
   */
  get lastNamedChild() {
    return this.namedChild(this.namedChildCount - 1);
  }
  /**
   * Iterate over this node's children.
   *
   * If you're walking the tree recursively, you may want to use the
   * {@link TreeCursor} APIs directly instead.
   */
  get children() {
    if (!this._children) {
      marshalNode(this);
      C._ts_node_children_wasm(this.tree[0]);
      const count = C.getValue(TRANSFER_BUFFER, "i32");
      const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
      this._children = new Array(count);
      if (count > 0) {
        let address = buffer;
        for (let i2 = 0; i2 < count; i2++) {
          this._children[i2] = unmarshalNode(this.tree, address);
          address += SIZE_OF_NODE;
        }
        C._free(buffer);
      }
    }
    return this._children;
  }
  /**
   * Iterate over this node's named children.
   *
   * See also {@link Node#children}.
   */
  get namedChildren() {
    if (!this._namedChildren) {
      marshalNode(this);
      C._ts_node_named_children_wasm(this.tree[0]);
      const count = C.getValue(TRANSFER_BUFFER, "i32");
      const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
      this._namedChildren = new Array(count);
      if (count > 0) {
        let address = buffer;
        for (let i2 = 0; i2 < count; i2++) {
          this._namedChildren[i2] = unmarshalNode(this.tree, address);
          address += SIZE_OF_NODE;
        }
        C._free(buffer);
      }
    }
    return this._namedChildren;
  }
  /**
   * Get the descendants of this node that are the given type, or in the given types array.
   *
   * The types array should contain node type strings, which can be retrieved from {@link Language#types}.
   *
   * Additionally, a `startPosition` and `endPosition` can be passed in to restrict the search to a byte range.
   */
  descendantsOfType(types, startPosition = ZERO_POINT, endPosition = ZERO_POINT) {
    if (!Array.isArray(types)) types = [types];
    const symbols = [];
    const typesBySymbol = this.tree.language.types;
    for (let i2 = 0, n = typesBySymbol.length; i2 < n; i2++) {
      if (types.includes(typesBySymbol[i2])) {
        symbols.push(i2);
      }
    }
    if (types.includes("ERROR")) {
      symbols.push(65535);
    }
    const symbolsAddress = C._malloc(SIZE_OF_INT * symbols.length);
    for (let i2 = 0, n = symbols.length; i2 < n; i2++) {
      C.setValue(symbolsAddress + i2 * SIZE_OF_INT, symbols[i2], "i32");
    }
    marshalNode(this);
    C._ts_node_descendants_of_type_wasm(
      this.tree[0],
      symbolsAddress,
      symbols.length,
      startPosition.row,
      startPosition.column,
      endPosition.row,
      endPosition.column
    );
    const descendantCount = C.getValue(TRANSFER_BUFFER, "i32");
    const descendantAddress = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(descendantCount);
    if (descendantCount > 0) {
      let address = descendantAddress;
      for (let i2 = 0; i2 < descendantCount; i2++) {
        result[i2] = unmarshalNode(this.tree, address);
        address += SIZE_OF_NODE;
      }
    }
    C._free(descendantAddress);
    C._free(symbolsAddress);
    return result;
  }
  /** Get this node's next sibling. */
  get nextSibling() {
    marshalNode(this);
    C._ts_node_next_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get this node's previous sibling. */
  get previousSibling() {
    marshalNode(this);
    C._ts_node_prev_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's next *named* sibling.
   *
   * See also {@link Node#isNamed}.
   */
  get nextNamedSibling() {
    marshalNode(this);
    C._ts_node_next_named_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's previous *named* sibling.
   *
   * See also {@link Node#isNamed}.
   */
  get previousNamedSibling() {
    marshalNode(this);
    C._ts_node_prev_named_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the node's number of descendants, including one for the node itself. */
  get descendantCount() {
    marshalNode(this);
    return C._ts_node_descendant_count_wasm(this.tree[0]);
  }
  /**
   * Get this node's immediate parent.
   * Prefer {@link Node#childWithDescendant} for iterating over this node's ancestors.
   */
  get parent() {
    marshalNode(this);
    C._ts_node_parent_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get the node that contains `descendant`.
   *
   * Note that this can return `descendant` itself.
   */
  childWithDescendant(descendant) {
    marshalNode(this);
    marshalNode(descendant, 1);
    C._ts_node_child_with_descendant_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest node within this node that spans the given byte range. */
  descendantForIndex(start2, end = start2) {
    if (typeof start2 !== "number" || typeof end !== "number") {
      throw new Error("Arguments must be numbers");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, start2, "i32");
    C.setValue(address + SIZE_OF_INT, end, "i32");
    C._ts_node_descendant_for_index_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest named node within this node that spans the given byte range. */
  namedDescendantForIndex(start2, end = start2) {
    if (typeof start2 !== "number" || typeof end !== "number") {
      throw new Error("Arguments must be numbers");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, start2, "i32");
    C.setValue(address + SIZE_OF_INT, end, "i32");
    C._ts_node_named_descendant_for_index_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest node within this node that spans the given point range. */
  descendantForPosition(start2, end = start2) {
    if (!isPoint(start2) || !isPoint(end)) {
      throw new Error("Arguments must be {row, column} objects");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    marshalPoint(address, start2);
    marshalPoint(address + SIZE_OF_POINT, end);
    C._ts_node_descendant_for_position_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest named node within this node that spans the given point range. */
  namedDescendantForPosition(start2, end = start2) {
    if (!isPoint(start2) || !isPoint(end)) {
      throw new Error("Arguments must be {row, column} objects");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    marshalPoint(address, start2);
    marshalPoint(address + SIZE_OF_POINT, end);
    C._ts_node_named_descendant_for_position_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Create a new {@link TreeCursor} starting from this node.
   *
   * Note that the given node is considered the root of the cursor,
   * and the cursor cannot walk outside this node.
   */
  walk() {
    marshalNode(this);
    C._ts_tree_cursor_new_wasm(this.tree[0]);
    return new TreeCursor(INTERNAL, this.tree);
  }
  /**
   * Edit this node to keep it in-sync with source code that has been edited.
   *
   * This function is only rarely needed. When you edit a syntax tree with
   * the {@link Tree#edit} method, all of the nodes that you retrieve from
   * the tree afterward will already reflect the edit. You only need to
   * use {@link Node#edit} when you have a specific {@link Node} instance that
   * you want to keep and continue to use after an edit.
   */
  edit(edit) {
    const { point, index } = edit.editPoint(this.startPosition, this.startIndex);
    this.startPosition = point;
    this.startIndex = index;
  }
  /** Get the S-expression representation of this node. */
  toString() {
    marshalNode(this);
    const address = C._ts_node_to_string_wasm(this.tree[0]);
    const result = C.AsciiToString(address);
    C._free(address);
    return result;
  }
};

// src/marshal.ts
function unmarshalCaptures(query, tree, address, patternIndex, result) {
  for (let i2 = 0, n = result.length; i2 < n; i2++) {
    const captureIndex = C.getValue(address, "i32");
    address += SIZE_OF_INT;
    const node = unmarshalNode(tree, address);
    address += SIZE_OF_NODE;
    result[i2] = { patternIndex, name: query.captureNames[captureIndex], node };
  }
  return address;
}
__name(unmarshalCaptures, "unmarshalCaptures");
function marshalNode(node, index = 0) {
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;
  C.setValue(address, node.id, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startPosition.row, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startPosition.column, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node[0], "i32");
}
__name(marshalNode, "marshalNode");
function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  const id = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  if (id === 0) return null;
  const index = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const row = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const column = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const other = C.getValue(address, "i32");
  const result = new Node(INTERNAL, {
    id,
    tree,
    startIndex: index,
    startPosition: { row, column },
    other
  });
  return result;
}
__name(unmarshalNode, "unmarshalNode");
function marshalTreeCursor({ handles }, address = TRANSFER_BUFFER) {
  C.setValue(address + 0 * SIZE_OF_INT, handles[0], "i32");
  C.setValue(address + 1 * SIZE_OF_INT, handles[1], "i32");
  C.setValue(address + 2 * SIZE_OF_INT, handles[2], "i32");
  C.setValue(address + 3 * SIZE_OF_INT, handles[3], "i32");
}
__name(marshalTreeCursor, "marshalTreeCursor");
function unmarshalTreeCursor({ handles }) {
  handles[0] = C.getValue(TRANSFER_BUFFER + 0 * SIZE_OF_INT, "i32");
  handles[1] = C.getValue(TRANSFER_BUFFER + 1 * SIZE_OF_INT, "i32");
  handles[2] = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
  handles[3] = C.getValue(TRANSFER_BUFFER + 3 * SIZE_OF_INT, "i32");
}
__name(unmarshalTreeCursor, "unmarshalTreeCursor");
function marshalPoint(address, point) {
  C.setValue(address, point.row, "i32");
  C.setValue(address + SIZE_OF_INT, point.column, "i32");
}
__name(marshalPoint, "marshalPoint");
function unmarshalPoint(address) {
  const result = {
    row: C.getValue(address, "i32") >>> 0,
    column: C.getValue(address + SIZE_OF_INT, "i32") >>> 0
  };
  return result;
}
__name(unmarshalPoint, "unmarshalPoint");
function marshalRange(address, range) {
  marshalPoint(address, range.startPosition);
  address += SIZE_OF_POINT;
  marshalPoint(address, range.endPosition);
  address += SIZE_OF_POINT;
  C.setValue(address, range.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, range.endIndex, "i32");
  address += SIZE_OF_INT;
}
__name(marshalRange, "marshalRange");
function unmarshalRange(address) {
  const result = {};
  result.startPosition = unmarshalPoint(address);
  address += SIZE_OF_POINT;
  result.endPosition = unmarshalPoint(address);
  address += SIZE_OF_POINT;
  result.startIndex = C.getValue(address, "i32") >>> 0;
  address += SIZE_OF_INT;
  result.endIndex = C.getValue(address, "i32") >>> 0;
  return result;
}
__name(unmarshalRange, "unmarshalRange");
function marshalEdit(edit, address = TRANSFER_BUFFER) {
  marshalPoint(address, edit.startPosition);
  address += SIZE_OF_POINT;
  marshalPoint(address, edit.oldEndPosition);
  address += SIZE_OF_POINT;
  marshalPoint(address, edit.newEndPosition);
  address += SIZE_OF_POINT;
  C.setValue(address, edit.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, edit.oldEndIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, edit.newEndIndex, "i32");
  address += SIZE_OF_INT;
}
__name(marshalEdit, "marshalEdit");
function unmarshalLanguageMetadata(address) {
  const major_version = C.getValue(address, "i32");
  const minor_version = C.getValue(address += SIZE_OF_INT, "i32");
  const patch_version = C.getValue(address += SIZE_OF_INT, "i32");
  return { major_version, minor_version, patch_version };
}
__name(unmarshalLanguageMetadata, "unmarshalLanguageMetadata");

// src/language.ts
var LANGUAGE_FUNCTION_REGEX = /^tree_sitter_\w+$/;
var Language = class _Language {
  static {
    __name(this, "Language");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /**
   * A list of all node types in the language. The index of each type in this
   * array is its node type id.
   */
  types;
  /**
   * A list of all field names in the language. The index of each field name in
   * this array is its field id.
   */
  fields;
  /** @internal */
  constructor(internal, address) {
    assertInternal(internal);
    this[0] = address;
    this.types = new Array(C._ts_language_symbol_count(this[0]));
    for (let i2 = 0, n = this.types.length; i2 < n; i2++) {
      if (C._ts_language_symbol_type(this[0], i2) < 2) {
        this.types[i2] = C.UTF8ToString(C._ts_language_symbol_name(this[0], i2));
      }
    }
    this.fields = new Array(C._ts_language_field_count(this[0]) + 1);
    for (let i2 = 0, n = this.fields.length; i2 < n; i2++) {
      const fieldName = C._ts_language_field_name_for_id(this[0], i2);
      if (fieldName !== 0) {
        this.fields[i2] = C.UTF8ToString(fieldName);
      } else {
        this.fields[i2] = null;
      }
    }
  }
  /**
   * Gets the name of the language.
   */
  get name() {
    const ptr = C._ts_language_name(this[0]);
    if (ptr === 0) return null;
    return C.UTF8ToString(ptr);
  }
  /**
   * Gets the ABI version of the language.
   */
  get abiVersion() {
    return C._ts_language_abi_version(this[0]);
  }
  /**
  * Get the metadata for this language. This information is generated by the
  * CLI, and relies on the language author providing the correct metadata in
  * the language's `tree-sitter.json` file.
  */
  get metadata() {
    C._ts_language_metadata_wasm(this[0]);
    const length = C.getValue(TRANSFER_BUFFER, "i32");
    if (length === 0) return null;
    return unmarshalLanguageMetadata(TRANSFER_BUFFER + SIZE_OF_INT);
  }
  /**
   * Gets the number of fields in the language.
   */
  get fieldCount() {
    return this.fields.length - 1;
  }
  /**
   * Gets the number of states in the language.
   */
  get stateCount() {
    return C._ts_language_state_count(this[0]);
  }
  /**
   * Get the field id for a field name.
   */
  fieldIdForName(fieldName) {
    const result = this.fields.indexOf(fieldName);
    return result !== -1 ? result : null;
  }
  /**
   * Get the field name for a field id.
   */
  fieldNameForId(fieldId) {
    return this.fields[fieldId] ?? null;
  }
  /**
   * Get the node type id for a node type name.
   */
  idForNodeType(type, named) {
    const typeLength = C.lengthBytesUTF8(type);
    const typeAddress = C._malloc(typeLength + 1);
    C.stringToUTF8(type, typeAddress, typeLength + 1);
    const result = C._ts_language_symbol_for_name(this[0], typeAddress, typeLength, named ? 1 : 0);
    C._free(typeAddress);
    return result || null;
  }
  /**
   * Gets the number of node types in the language.
   */
  get nodeTypeCount() {
    return C._ts_language_symbol_count(this[0]);
  }
  /**
   * Get the node type name for a node type id.
   */
  nodeTypeForId(typeId) {
    const name2 = C._ts_language_symbol_name(this[0], typeId);
    return name2 ? C.UTF8ToString(name2) : null;
  }
  /**
   * Check if a node type is named.
   *
   * @see {@link https://tree-sitter.github.io/tree-sitter/using-parsers/2-basic-parsing.html#named-vs-anonymous-nodes}
   */
  nodeTypeIsNamed(typeId) {
    return C._ts_language_type_is_named_wasm(this[0], typeId) ? true : false;
  }
  /**
   * Check if a node type is visible.
   */
  nodeTypeIsVisible(typeId) {
    return C._ts_language_type_is_visible_wasm(this[0], typeId) ? true : false;
  }
  /**
   * Get the supertypes ids of this language.
   *
   * @see {@link https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types.html?highlight=supertype#supertype-nodes}
   */
  get supertypes() {
    C._ts_language_supertypes_wasm(this[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = C.getValue(address, "i16");
        address += SIZE_OF_SHORT;
      }
    }
    return result;
  }
  /**
   * Get the subtype ids for a given supertype node id.
   */
  subtypes(supertype) {
    C._ts_language_subtypes_wasm(this[0], supertype);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = C.getValue(address, "i16");
        address += SIZE_OF_SHORT;
      }
    }
    return result;
  }
  /**
   * Get the next state id for a given state id and node type id.
   */
  nextState(stateId, typeId) {
    return C._ts_language_next_state(this[0], stateId, typeId);
  }
  /**
   * Create a new lookahead iterator for this language and parse state.
   *
   * This returns `null` if state is invalid for this language.
   *
   * Iterating {@link LookaheadIterator} will yield valid symbols in the given
   * parse state. A newly created iterator is not positioned on a symbol, so
   * {@link LookaheadIterator#currentType} returns `null` until the first
   * iteration step.
   *
   * Lookahead iterators can be useful for generating suggestions and improving
   * syntax error diagnostics. To get symbols valid in an `ERROR` node, use the
   * lookahead iterator on its first leaf node state. For `MISSING` nodes, a
   * lookahead iterator created on the previous non-extra leaf node may be
   * appropriate.
   */
  lookaheadIterator(stateId) {
    const address = C._ts_lookahead_iterator_new(this[0], stateId);
    if (address) return new LookaheadIterator(INTERNAL, address, this);
    return null;
  }
  /**
   * Load a language from a WebAssembly module.
   * The module can be provided as a path to a file, a `URL` to a file, or as a
   * buffer.
   */
  static async load(input) {
    let binary2;
    if (input instanceof Uint8Array) {
      binary2 = input;
    } else if (globalThis.process?.versions.node) {
      const fs2 = await import('fs/promises');
      binary2 = await fs2.readFile(input);
    } else {
      const response = await fetch(input);
      if (!response.ok) {
        const body2 = await response.text();
        throw new Error(`Language.load failed with status ${response.status}.

${body2}`);
      }
      const retryResp = response.clone();
      try {
        binary2 = await WebAssembly.compileStreaming(response);
      } catch (reason) {
        console.error("wasm streaming compile failed:", reason);
        console.error("falling back to ArrayBuffer instantiation");
        binary2 = new Uint8Array(await retryResp.arrayBuffer());
      }
    }
    const mod = await C.loadWebAssemblyModule(binary2, { loadAsync: true });
    return _Language.loadFromWasmExports(mod, { sync: false });
  }
  static loadFromWasmExports(mod, { sync }) {
    const symbolNames = Object.keys(mod);
    const functionName = symbolNames.find((key) => LANGUAGE_FUNCTION_REGEX.test(key) && !key.includes("external_scanner_"));
    if (!functionName) {
      console.log(`Couldn't find language function in Wasm file. Symbols:
${JSON.stringify(symbolNames, null, 2)}`);
      throw new Error(`Language.${sync ? "loadSync" : "load"} failed: no language function found in Wasm file`);
    }
    const languageAddress = mod[functionName]();
    return new _Language(INTERNAL, languageAddress);
  }
  /**
   * Load a language synchronously from a pre-compiled WebAssembly module.
   * Use this when the host environment provides a `WebAssembly.Module` directly.
   */
  static loadSync(wasmModule) {
    const mod = C.loadWebAssemblyModule(wasmModule, { loadAsync: false });
    return _Language.loadFromWasmExports(mod, { sync: true });
  }
};

// lib/web-tree-sitter.mjs
async function Module2(moduleArg = {}) {
  var moduleRtn;
  var Module = moduleArg;
  var ENVIRONMENT_IS_WEB = typeof window == "object";
  var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
  var ENVIRONMENT_IS_NODE = typeof process == "object" && process.versions?.node && process.type != "renderer";
  if (ENVIRONMENT_IS_NODE) {
    const { createRequire } = await import('module');
    var require = createRequire(import.meta.url);
  }
  Module.currentQueryProgressCallback = null;
  Module.currentProgressCallback = null;
  Module.currentLogCallback = null;
  Module.currentParseCallback = null;
  var arguments_ = [];
  var thisProgram = "./this.program";
  var quit_ = /* @__PURE__ */ __name((status, toThrow) => {
    throw toThrow;
  }, "quit_");
  var _scriptName = import.meta.url;
  var scriptDirectory = "";
  function locateFile(path) {
    if (Module["locateFile"]) {
      return Module["locateFile"](path, scriptDirectory);
    }
    return scriptDirectory + path;
  }
  __name(locateFile, "locateFile");
  var readAsync, readBinary;
  if (ENVIRONMENT_IS_NODE) {
    var fs = require("fs");
    if (_scriptName.startsWith("file:")) {
      scriptDirectory = require("path").dirname(require("url").fileURLToPath(_scriptName)) + "/";
    }
    readBinary = /* @__PURE__ */ __name((filename) => {
      filename = isFileURI(filename) ? new URL(filename) : filename;
      var ret = fs.readFileSync(filename);
      return ret;
    }, "readBinary");
    readAsync = /* @__PURE__ */ __name(async (filename, binary2 = true) => {
      filename = isFileURI(filename) ? new URL(filename) : filename;
      var ret = fs.readFileSync(filename, binary2 ? void 0 : "utf8");
      return ret;
    }, "readAsync");
    if (process.argv.length > 1) {
      thisProgram = process.argv[1].replace(/\\/g, "/");
    }
    arguments_ = process.argv.slice(2);
    quit_ = /* @__PURE__ */ __name((status, toThrow) => {
      process.exitCode = status;
      throw toThrow;
    }, "quit_");
  } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
    try {
      scriptDirectory = new URL(".", _scriptName).href;
    } catch {
    }
    {
      if (ENVIRONMENT_IS_WORKER) {
        readBinary = /* @__PURE__ */ __name((url) => {
          var xhr = new XMLHttpRequest();
          xhr.open("GET", url, false);
          xhr.responseType = "arraybuffer";
          xhr.send(null);
          return new Uint8Array(
            /** @type{!ArrayBuffer} */
            xhr.response
          );
        }, "readBinary");
      }
      readAsync = /* @__PURE__ */ __name(async (url) => {
        if (isFileURI(url)) {
          return new Promise((resolve, reject) => {
            var xhr = new XMLHttpRequest();
            xhr.open("GET", url, true);
            xhr.responseType = "arraybuffer";
            xhr.onload = () => {
              if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
                resolve(xhr.response);
                return;
              }
              reject(xhr.status);
            };
            xhr.onerror = reject;
            xhr.send(null);
          });
        }
        var response = await fetch(url, {
          credentials: "same-origin"
        });
        if (response.ok) {
          return response.arrayBuffer();
        }
        throw new Error(response.status + " : " + response.url);
      }, "readAsync");
    }
  } else ;
  var out = console.log.bind(console);
  var err = console.error.bind(console);
  var dynamicLibraries = [];
  var wasmBinary;
  var ABORT = false;
  var EXITSTATUS;
  var isFileURI = /* @__PURE__ */ __name((filename) => filename.startsWith("file://"), "isFileURI");
  var readyPromiseResolve, readyPromiseReject;
  var wasmMemory;
  var HEAP8, HEAPU8, HEAPU16, HEAPU32;
  var HEAP_DATA_VIEW;
  var runtimeInitialized = false;
  function updateMemoryViews() {
    var b = wasmMemory.buffer;
    Module["HEAP8"] = HEAP8 = new Int8Array(b);
    Module["HEAP16"] = new Int16Array(b);
    Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
    Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
    Module["HEAP32"] = new Int32Array(b);
    Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
    Module["HEAPF32"] = new Float32Array(b);
    Module["HEAPF64"] = new Float64Array(b);
    Module["HEAP64"] = new BigInt64Array(b);
    Module["HEAPU64"] = new BigUint64Array(b);
    Module["HEAP_DATA_VIEW"] = HEAP_DATA_VIEW = new DataView(b);
    LE_HEAP_UPDATE();
  }
  __name(updateMemoryViews, "updateMemoryViews");
  function initMemory() {
    if (Module["wasmMemory"]) {
      wasmMemory = Module["wasmMemory"];
    } else {
      var INITIAL_MEMORY = Module["INITIAL_MEMORY"] || 33554432;
      wasmMemory = new WebAssembly.Memory({
        "initial": INITIAL_MEMORY / 65536,
        // In theory we should not need to emit the maximum if we want "unlimited"
        // or 4GB of memory, but VMs error on that atm, see
        // https://github.com/emscripten-core/emscripten/issues/14130
        // And in the pthreads case we definitely need to emit a maximum. So
        // always emit one.
        "maximum": 32768
      });
    }
    updateMemoryViews();
  }
  __name(initMemory, "initMemory");
  var __RELOC_FUNCS__ = [];
  function preRun() {
    if (Module["preRun"]) {
      if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
      while (Module["preRun"].length) {
        addOnPreRun(Module["preRun"].shift());
      }
    }
    callRuntimeCallbacks(onPreRuns);
  }
  __name(preRun, "preRun");
  function initRuntime() {
    runtimeInitialized = true;
    callRuntimeCallbacks(__RELOC_FUNCS__);
    wasmExports["__wasm_call_ctors"]();
    callRuntimeCallbacks(onPostCtors);
  }
  __name(initRuntime, "initRuntime");
  function preMain() {
  }
  __name(preMain, "preMain");
  function postRun() {
    if (Module["postRun"]) {
      if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
      while (Module["postRun"].length) {
        addOnPostRun(Module["postRun"].shift());
      }
    }
    callRuntimeCallbacks(onPostRuns);
  }
  __name(postRun, "postRun");
  function abort(what) {
    Module["onAbort"]?.(what);
    what = "Aborted(" + what + ")";
    err(what);
    ABORT = true;
    what += ". Build with -sASSERTIONS for more info.";
    var e = new WebAssembly.RuntimeError(what);
    readyPromiseReject?.(e);
    throw e;
  }
  __name(abort, "abort");
  var wasmBinaryFile;
  function findWasmBinary() {
    if (Module["locateFile"]) {
      return locateFile("web-tree-sitter.wasm");
    }
    return new URL("web-tree-sitter.wasm", import.meta.url).href;
  }
  __name(findWasmBinary, "findWasmBinary");
  function getBinarySync(file) {
    if (file == wasmBinaryFile && wasmBinary) {
      return new Uint8Array(wasmBinary);
    }
    if (readBinary) {
      return readBinary(file);
    }
    throw "both async and sync fetching of the wasm failed";
  }
  __name(getBinarySync, "getBinarySync");
  async function getWasmBinary(binaryFile) {
    if (!wasmBinary) {
      try {
        var response = await readAsync(binaryFile);
        return new Uint8Array(response);
      } catch {
      }
    }
    return getBinarySync(binaryFile);
  }
  __name(getWasmBinary, "getWasmBinary");
  async function instantiateArrayBuffer(binaryFile, imports) {
    try {
      var binary2 = await getWasmBinary(binaryFile);
      var instance2 = await WebAssembly.instantiate(binary2, imports);
      return instance2;
    } catch (reason) {
      err(`failed to asynchronously prepare wasm: ${reason}`);
      abort(reason);
    }
  }
  __name(instantiateArrayBuffer, "instantiateArrayBuffer");
  async function instantiateAsync(binary2, binaryFile, imports) {
    if (!binary2 && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE) {
      try {
        var response = fetch(binaryFile, {
          credentials: "same-origin"
        });
        var instantiationResult = await WebAssembly.instantiateStreaming(response, imports);
        return instantiationResult;
      } catch (reason) {
        err(`wasm streaming compile failed: ${reason}`);
        err("falling back to ArrayBuffer instantiation");
      }
    }
    return instantiateArrayBuffer(binaryFile, imports);
  }
  __name(instantiateAsync, "instantiateAsync");
  function getWasmImports() {
    return {
      "env": wasmImports,
      "wasi_snapshot_preview1": wasmImports,
      "GOT.mem": new Proxy(wasmImports, GOTHandler),
      "GOT.func": new Proxy(wasmImports, GOTHandler)
    };
  }
  __name(getWasmImports, "getWasmImports");
  async function createWasm() {
    function receiveInstance(instance2, module2) {
      wasmExports = instance2.exports;
      wasmExports = relocateExports(wasmExports, 1024);
      var metadata2 = getDylinkMetadata(module2);
      if (metadata2.neededDynlibs) {
        dynamicLibraries = metadata2.neededDynlibs.concat(dynamicLibraries);
      }
      mergeLibSymbols(wasmExports, "main");
      LDSO.init();
      loadDylibs();
      __RELOC_FUNCS__.push(wasmExports["__wasm_apply_data_relocs"]);
      assignWasmExports(wasmExports);
      return wasmExports;
    }
    __name(receiveInstance, "receiveInstance");
    function receiveInstantiationResult(result2) {
      return receiveInstance(result2["instance"], result2["module"]);
    }
    __name(receiveInstantiationResult, "receiveInstantiationResult");
    var info2 = getWasmImports();
    if (Module["instantiateWasm"]) {
      return new Promise((resolve, reject) => {
        Module["instantiateWasm"](info2, (mod, inst) => {
          resolve(receiveInstance(mod, inst));
        });
      });
    }
    wasmBinaryFile ??= findWasmBinary();
    var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info2);
    var exports = receiveInstantiationResult(result);
    return exports;
  }
  __name(createWasm, "createWasm");
  class ExitStatus {
    static {
      __name(this, "ExitStatus");
    }
    name = "ExitStatus";
    constructor(status) {
      this.message = `Program terminated with exit(${status})`;
      this.status = status;
    }
  }
  var GOT = {};
  var currentModuleWeakSymbols = /* @__PURE__ */ new Set([]);
  var GOTHandler = {
    get(obj, symName) {
      var rtn = GOT[symName];
      if (!rtn) {
        rtn = GOT[symName] = new WebAssembly.Global({
          "value": "i32",
          "mutable": true
        });
      }
      if (!currentModuleWeakSymbols.has(symName)) {
        rtn.required = true;
      }
      return rtn;
    }
  };
  var LE_HEAP_LOAD_F32 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getFloat32(byteOffset, true), "LE_HEAP_LOAD_F32");
  var LE_HEAP_LOAD_F64 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getFloat64(byteOffset, true), "LE_HEAP_LOAD_F64");
  var LE_HEAP_LOAD_I16 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getInt16(byteOffset, true), "LE_HEAP_LOAD_I16");
  var LE_HEAP_LOAD_I32 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getInt32(byteOffset, true), "LE_HEAP_LOAD_I32");
  var LE_HEAP_LOAD_I64 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getBigInt64(byteOffset, true), "LE_HEAP_LOAD_I64");
  var LE_HEAP_LOAD_U32 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getUint32(byteOffset, true), "LE_HEAP_LOAD_U32");
  var LE_HEAP_STORE_F32 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setFloat32(byteOffset, value, true), "LE_HEAP_STORE_F32");
  var LE_HEAP_STORE_F64 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setFloat64(byteOffset, value, true), "LE_HEAP_STORE_F64");
  var LE_HEAP_STORE_I16 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setInt16(byteOffset, value, true), "LE_HEAP_STORE_I16");
  var LE_HEAP_STORE_I32 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setInt32(byteOffset, value, true), "LE_HEAP_STORE_I32");
  var LE_HEAP_STORE_I64 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setBigInt64(byteOffset, value, true), "LE_HEAP_STORE_I64");
  var LE_HEAP_STORE_U32 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setUint32(byteOffset, value, true), "LE_HEAP_STORE_U32");
  var callRuntimeCallbacks = /* @__PURE__ */ __name((callbacks) => {
    while (callbacks.length > 0) {
      callbacks.shift()(Module);
    }
  }, "callRuntimeCallbacks");
  var onPostRuns = [];
  var addOnPostRun = /* @__PURE__ */ __name((cb) => onPostRuns.push(cb), "addOnPostRun");
  var onPreRuns = [];
  var addOnPreRun = /* @__PURE__ */ __name((cb) => onPreRuns.push(cb), "addOnPreRun");
  var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
  var findStringEnd = /* @__PURE__ */ __name((heapOrArray, idx, maxBytesToRead, ignoreNul) => {
    var maxIdx = idx + maxBytesToRead;
    if (ignoreNul) return maxIdx;
    while (heapOrArray[idx] && !(idx >= maxIdx)) ++idx;
    return idx;
  }, "findStringEnd");
  var UTF8ArrayToString = /* @__PURE__ */ __name((heapOrArray, idx = 0, maxBytesToRead, ignoreNul) => {
    var endPtr = findStringEnd(heapOrArray, idx, maxBytesToRead, ignoreNul);
    if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) {
      return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
    }
    var str = "";
    while (idx < endPtr) {
      var u0 = heapOrArray[idx++];
      if (!(u0 & 128)) {
        str += String.fromCharCode(u0);
        continue;
      }
      var u1 = heapOrArray[idx++] & 63;
      if ((u0 & 224) == 192) {
        str += String.fromCharCode((u0 & 31) << 6 | u1);
        continue;
      }
      var u2 = heapOrArray[idx++] & 63;
      if ((u0 & 240) == 224) {
        u0 = (u0 & 15) << 12 | u1 << 6 | u2;
      } else {
        u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
      }
      if (u0 < 65536) {
        str += String.fromCharCode(u0);
      } else {
        var ch = u0 - 65536;
        str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
      }
    }
    return str;
  }, "UTF8ArrayToString");
  var getDylinkMetadata = /* @__PURE__ */ __name((binary2) => {
    var offset = 0;
    var end = 0;
    function getU8() {
      return binary2[offset++];
    }
    __name(getU8, "getU8");
    function getLEB() {
      var ret = 0;
      var mul = 1;
      while (1) {
        var byte = binary2[offset++];
        ret += (byte & 127) * mul;
        mul *= 128;
        if (!(byte & 128)) break;
      }
      return ret;
    }
    __name(getLEB, "getLEB");
    function getString() {
      var len = getLEB();
      offset += len;
      return UTF8ArrayToString(binary2, offset - len, len);
    }
    __name(getString, "getString");
    function getStringList() {
      var count2 = getLEB();
      var rtn = [];
      while (count2--) rtn.push(getString());
      return rtn;
    }
    __name(getStringList, "getStringList");
    function failIf(condition, message) {
      if (condition) throw new Error(message);
    }
    __name(failIf, "failIf");
    if (binary2 instanceof WebAssembly.Module) {
      var dylinkSection = WebAssembly.Module.customSections(binary2, "dylink.0");
      failIf(dylinkSection.length === 0, "need dylink section");
      binary2 = new Uint8Array(dylinkSection[0]);
      end = binary2.length;
    } else {
      var int32View = new Uint32Array(new Uint8Array(binary2.subarray(0, 24)).buffer);
      var magicNumberFound = int32View[0] == 1836278016 || int32View[0] == 6386541;
      failIf(!magicNumberFound, "need to see wasm magic number");
      failIf(binary2[8] !== 0, "need the dylink section to be first");
      offset = 9;
      var section_size = getLEB();
      end = offset + section_size;
      var name2 = getString();
      failIf(name2 !== "dylink.0");
    }
    var customSection = {
      neededDynlibs: [],
      tlsExports: /* @__PURE__ */ new Set(),
      weakImports: /* @__PURE__ */ new Set(),
      runtimePaths: []
    };
    var WASM_DYLINK_MEM_INFO = 1;
    var WASM_DYLINK_NEEDED = 2;
    var WASM_DYLINK_EXPORT_INFO = 3;
    var WASM_DYLINK_IMPORT_INFO = 4;
    var WASM_DYLINK_RUNTIME_PATH = 5;
    var WASM_SYMBOL_TLS = 256;
    var WASM_SYMBOL_BINDING_MASK = 3;
    var WASM_SYMBOL_BINDING_WEAK = 1;
    while (offset < end) {
      var subsectionType = getU8();
      var subsectionSize = getLEB();
      if (subsectionType === WASM_DYLINK_MEM_INFO) {
        customSection.memorySize = getLEB();
        customSection.memoryAlign = getLEB();
        customSection.tableSize = getLEB();
        customSection.tableAlign = getLEB();
      } else if (subsectionType === WASM_DYLINK_NEEDED) {
        customSection.neededDynlibs = getStringList();
      } else if (subsectionType === WASM_DYLINK_EXPORT_INFO) {
        var count = getLEB();
        while (count--) {
          var symname = getString();
          var flags2 = getLEB();
          if (flags2 & WASM_SYMBOL_TLS) {
            customSection.tlsExports.add(symname);
          }
        }
      } else if (subsectionType === WASM_DYLINK_IMPORT_INFO) {
        var count = getLEB();
        while (count--) {
          getString();
          var symname = getString();
          var flags2 = getLEB();
          if ((flags2 & WASM_SYMBOL_BINDING_MASK) == WASM_SYMBOL_BINDING_WEAK) {
            customSection.weakImports.add(symname);
          }
        }
      } else if (subsectionType === WASM_DYLINK_RUNTIME_PATH) {
        customSection.runtimePaths = getStringList();
      } else {
        offset += subsectionSize;
      }
    }
    return customSection;
  }, "getDylinkMetadata");
  function getValue(ptr, type = "i8") {
    if (type.endsWith("*")) type = "*";
    switch (type) {
      case "i1":
        return HEAP8[ptr];
      case "i8":
        return HEAP8[ptr];
      case "i16":
        return LE_HEAP_LOAD_I16((ptr >> 1) * 2);
      case "i32":
        return LE_HEAP_LOAD_I32((ptr >> 2) * 4);
      case "i64":
        return LE_HEAP_LOAD_I64((ptr >> 3) * 8);
      case "float":
        return LE_HEAP_LOAD_F32((ptr >> 2) * 4);
      case "double":
        return LE_HEAP_LOAD_F64((ptr >> 3) * 8);
      case "*":
        return LE_HEAP_LOAD_U32((ptr >> 2) * 4);
      default:
        abort(`invalid type for getValue: ${type}`);
    }
  }
  __name(getValue, "getValue");
  var newDSO = /* @__PURE__ */ __name((name2, handle2, syms) => {
    var dso = {
      refcount: Infinity,
      name: name2,
      exports: syms,
      global: true
    };
    LDSO.loadedLibsByName[name2] = dso;
    if (handle2 != void 0) {
      LDSO.loadedLibsByHandle[handle2] = dso;
    }
    return dso;
  }, "newDSO");
  var LDSO = {
    loadedLibsByName: {},
    loadedLibsByHandle: {},
    init() {
      newDSO("__main__", 0, wasmImports);
    }
  };
  var ___heap_base = 82240;
  var alignMemory = /* @__PURE__ */ __name((size, alignment) => Math.ceil(size / alignment) * alignment, "alignMemory");
  var getMemory = /* @__PURE__ */ __name((size) => {
    if (runtimeInitialized) {
      return _calloc(size, 1);
    }
    var ret = ___heap_base;
    var end = ret + alignMemory(size, 16);
    ___heap_base = end;
    GOT["__heap_base"].value = end;
    return ret;
  }, "getMemory");
  var isInternalSym = /* @__PURE__ */ __name((symName) => ["__cpp_exception", "__c_longjmp", "__wasm_apply_data_relocs", "__dso_handle", "__tls_size", "__tls_align", "__set_stack_limits", "_emscripten_tls_init", "__wasm_init_tls", "__wasm_call_ctors", "__start_em_asm", "__stop_em_asm", "__start_em_js", "__stop_em_js"].includes(symName) || symName.startsWith("__em_js__"), "isInternalSym");
  var uleb128EncodeWithLen = /* @__PURE__ */ __name((arr) => {
    const n = arr.length;
    return [n % 128 | 128, n >> 7, ...arr];
  }, "uleb128EncodeWithLen");
  var wasmTypeCodes = {
    "i": 127,
    // i32
    "p": 127,
    // i32
    "j": 126,
    // i64
    "f": 125,
    // f32
    "d": 124,
    // f64
    "e": 111
  };
  var generateTypePack = /* @__PURE__ */ __name((types) => uleb128EncodeWithLen(Array.from(types, (type) => {
    var code = wasmTypeCodes[type];
    return code;
  })), "generateTypePack");
  var convertJsFunctionToWasm = /* @__PURE__ */ __name((func2, sig) => {
    var bytes = Uint8Array.of(
      0,
      97,
      115,
      109,
      // magic ("\0asm")
      1,
      0,
      0,
      0,
      // version: 1
      1,
      ...uleb128EncodeWithLen([
        1,
        // count: 1
        96,
        // param types
        ...generateTypePack(sig.slice(1)),
        // return types (for now only supporting [] if `void` and single [T] otherwise)
        ...generateTypePack(sig[0] === "v" ? "" : sig[0])
      ]),
      // The rest of the module is static
      2,
      7,
      // import section
      // (import "e" "f" (func 0 (type 0)))
      1,
      1,
      101,
      1,
      102,
      0,
      0,
      7,
      5,
      // export section
      // (export "f" (func 0 (type 0)))
      1,
      1,
      102,
      0,
      0
    );
    var module2 = new WebAssembly.Module(bytes);
    var instance2 = new WebAssembly.Instance(module2, {
      "e": {
        "f": func2
      }
    });
    var wrappedFunc = instance2.exports["f"];
    return wrappedFunc;
  }, "convertJsFunctionToWasm");
  var wasmTableMirror = [];
  var wasmTable = new WebAssembly.Table({
    "initial": 31,
    "element": "anyfunc"
  });
  var getWasmTableEntry = /* @__PURE__ */ __name((funcPtr) => {
    var func2 = wasmTableMirror[funcPtr];
    if (!func2) {
      wasmTableMirror[funcPtr] = func2 = wasmTable.get(funcPtr);
    }
    return func2;
  }, "getWasmTableEntry");
  var updateTableMap = /* @__PURE__ */ __name((offset, count) => {
    if (functionsInTableMap) {
      for (var i2 = offset; i2 < offset + count; i2++) {
        var item = getWasmTableEntry(i2);
        if (item) {
          functionsInTableMap.set(item, i2);
        }
      }
    }
  }, "updateTableMap");
  var functionsInTableMap;
  var getFunctionAddress = /* @__PURE__ */ __name((func2) => {
    if (!functionsInTableMap) {
      functionsInTableMap = /* @__PURE__ */ new WeakMap();
      updateTableMap(0, wasmTable.length);
    }
    return functionsInTableMap.get(func2) || 0;
  }, "getFunctionAddress");
  var freeTableIndexes = [];
  var getEmptyTableSlot = /* @__PURE__ */ __name(() => {
    if (freeTableIndexes.length) {
      return freeTableIndexes.pop();
    }
    return wasmTable["grow"](1);
  }, "getEmptyTableSlot");
  var setWasmTableEntry = /* @__PURE__ */ __name((idx, func2) => {
    wasmTable.set(idx, func2);
    wasmTableMirror[idx] = wasmTable.get(idx);
  }, "setWasmTableEntry");
  var addFunction = /* @__PURE__ */ __name((func2, sig) => {
    var rtn = getFunctionAddress(func2);
    if (rtn) {
      return rtn;
    }
    var ret = getEmptyTableSlot();
    try {
      setWasmTableEntry(ret, func2);
    } catch (err2) {
      if (!(err2 instanceof TypeError)) {
        throw err2;
      }
      var wrapped = convertJsFunctionToWasm(func2, sig);
      setWasmTableEntry(ret, wrapped);
    }
    functionsInTableMap.set(func2, ret);
    return ret;
  }, "addFunction");
  var updateGOT = /* @__PURE__ */ __name((exports, replace) => {
    for (var symName in exports) {
      if (isInternalSym(symName)) {
        continue;
      }
      var value = exports[symName];
      GOT[symName] ||= new WebAssembly.Global({
        "value": "i32",
        "mutable": true
      });
      if (replace || GOT[symName].value == 0) {
        if (typeof value == "function") {
          GOT[symName].value = addFunction(value);
        } else if (typeof value == "number") {
          GOT[symName].value = value;
        } else {
          err(`unhandled export type for '${symName}': ${typeof value}`);
        }
      }
    }
  }, "updateGOT");
  var relocateExports = /* @__PURE__ */ __name((exports, memoryBase2, replace) => {
    var relocated = {};
    for (var e in exports) {
      var value = exports[e];
      if (typeof value == "object") {
        value = value.value;
      }
      if (typeof value == "number") {
        value += memoryBase2;
      }
      relocated[e] = value;
    }
    updateGOT(relocated, replace);
    return relocated;
  }, "relocateExports");
  var isSymbolDefined = /* @__PURE__ */ __name((symName) => {
    var existing = wasmImports[symName];
    if (!existing || existing.stub) {
      return false;
    }
    return true;
  }, "isSymbolDefined");
  var dynCall = /* @__PURE__ */ __name((sig, ptr, args2 = [], promising = false) => {
    var func2 = getWasmTableEntry(ptr);
    var rtn = func2(...args2);
    function convert(rtn2) {
      return rtn2;
    }
    __name(convert, "convert");
    return convert(rtn);
  }, "dynCall");
  var stackSave = /* @__PURE__ */ __name(() => _emscripten_stack_get_current(), "stackSave");
  var stackRestore = /* @__PURE__ */ __name((val) => __emscripten_stack_restore(val), "stackRestore");
  var createInvokeFunction = /* @__PURE__ */ __name((sig) => (ptr, ...args2) => {
    var sp = stackSave();
    try {
      return dynCall(sig, ptr, args2);
    } catch (e) {
      stackRestore(sp);
      if (e !== e + 0) throw e;
      _setThrew(1, 0);
      if (sig[0] == "j") return 0n;
    }
  }, "createInvokeFunction");
  var resolveGlobalSymbol = /* @__PURE__ */ __name((symName, direct = false) => {
    var sym;
    if (isSymbolDefined(symName)) {
      sym = wasmImports[symName];
    } else if (symName.startsWith("invoke_")) {
      sym = wasmImports[symName] = createInvokeFunction(symName.split("_")[1]);
    }
    return {
      sym,
      name: symName
    };
  }, "resolveGlobalSymbol");
  var onPostCtors = [];
  var addOnPostCtor = /* @__PURE__ */ __name((cb) => onPostCtors.push(cb), "addOnPostCtor");
  var UTF8ToString = /* @__PURE__ */ __name((ptr, maxBytesToRead, ignoreNul) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead, ignoreNul) : "", "UTF8ToString");
  var loadWebAssemblyModule = /* @__PURE__ */ __name((binary, flags, libName, localScope, handle) => {
    var metadata = getDylinkMetadata(binary);
    function loadModule() {
      var memAlign = Math.pow(2, metadata.memoryAlign);
      var memoryBase = metadata.memorySize ? alignMemory(getMemory(metadata.memorySize + memAlign), memAlign) : 0;
      var tableBase = metadata.tableSize ? wasmTable.length : 0;
      if (handle) {
        HEAP8[handle + 8] = 1;
        LE_HEAP_STORE_U32((handle + 12 >> 2) * 4, memoryBase);
        LE_HEAP_STORE_I32((handle + 16 >> 2) * 4, metadata.memorySize);
        LE_HEAP_STORE_U32((handle + 20 >> 2) * 4, tableBase);
        LE_HEAP_STORE_I32((handle + 24 >> 2) * 4, metadata.tableSize);
      }
      if (metadata.tableSize) {
        wasmTable.grow(metadata.tableSize);
      }
      var moduleExports;
      function resolveSymbol(sym) {
        var resolved = resolveGlobalSymbol(sym).sym;
        if (!resolved && localScope) {
          resolved = localScope[sym];
        }
        if (!resolved) {
          resolved = moduleExports[sym];
        }
        return resolved;
      }
      __name(resolveSymbol, "resolveSymbol");
      var proxyHandler = {
        get(stubs, prop) {
          switch (prop) {
            case "__memory_base":
              return memoryBase;
            case "__table_base":
              return tableBase;
          }
          if (prop in wasmImports && !wasmImports[prop].stub) {
            var res = wasmImports[prop];
            return res;
          }
          if (!(prop in stubs)) {
            var resolved;
            stubs[prop] = (...args2) => {
              resolved ||= resolveSymbol(prop);
              return resolved(...args2);
            };
          }
          return stubs[prop];
        }
      };
      var proxy = new Proxy({}, proxyHandler);
      currentModuleWeakSymbols = metadata.weakImports;
      var info = {
        "GOT.mem": new Proxy({}, GOTHandler),
        "GOT.func": new Proxy({}, GOTHandler),
        "env": proxy,
        "wasi_snapshot_preview1": proxy
      };
      function postInstantiation(module, instance) {
        updateTableMap(tableBase, metadata.tableSize);
        moduleExports = relocateExports(instance.exports, memoryBase);
        if (!flags.allowUndefined) {
          reportUndefinedSymbols();
        }
        function addEmAsm(addr, body) {
          var args = [];
          var arity = 0;
          for (; arity < 16; arity++) {
            if (body.indexOf("$" + arity) != -1) {
              args.push("$" + arity);
            } else {
              break;
            }
          }
          args = args.join(",");
          var func = `(${args}) => { ${body} };`;
          eval(func);
        }
        __name(addEmAsm, "addEmAsm");
        if ("__start_em_asm" in moduleExports) {
          var start = moduleExports["__start_em_asm"];
          var stop = moduleExports["__stop_em_asm"];
          while (start < stop) {
            var jsString = UTF8ToString(start);
            addEmAsm(start, jsString);
            start = HEAPU8.indexOf(0, start) + 1;
          }
        }
        function addEmJs(name, cSig, body) {
          var jsArgs = [];
          cSig = cSig.slice(1, -1);
          if (cSig != "void") {
            cSig = cSig.split(",");
            for (var i in cSig) {
              var jsArg = cSig[i].split(" ").pop();
              jsArgs.push(jsArg.replace("*", ""));
            }
          }
          var func = `(${jsArgs}) => ${body};`;
          moduleExports[name] = eval(func);
        }
        __name(addEmJs, "addEmJs");
        for (var name in moduleExports) {
          if (name.startsWith("__em_js__")) {
            var start = moduleExports[name];
            var jsString = UTF8ToString(start);
            var parts = jsString.split("<::>");
            addEmJs(name.replace("__em_js__", ""), parts[0], parts[1]);
            delete moduleExports[name];
          }
        }
        var applyRelocs = moduleExports["__wasm_apply_data_relocs"];
        if (applyRelocs) {
          if (runtimeInitialized) {
            applyRelocs();
          } else {
            __RELOC_FUNCS__.push(applyRelocs);
          }
        }
        var init = moduleExports["__wasm_call_ctors"];
        if (init) {
          if (runtimeInitialized) {
            init();
          } else {
            addOnPostCtor(init);
          }
        }
        return moduleExports;
      }
      __name(postInstantiation, "postInstantiation");
      if (flags.loadAsync) {
        return (async () => {
          var instance2;
          if (binary instanceof WebAssembly.Module) {
            instance2 = new WebAssembly.Instance(binary, info);
          } else {
            ({ module: binary, instance: instance2 } = await WebAssembly.instantiate(binary, info));
          }
          return postInstantiation(binary, instance2);
        })();
      }
      var module = binary instanceof WebAssembly.Module ? binary : new WebAssembly.Module(binary);
      var instance = new WebAssembly.Instance(module, info);
      return postInstantiation(module, instance);
    }
    __name(loadModule, "loadModule");
    flags = {
      ...flags,
      rpath: {
        parentLibPath: libName,
        paths: metadata.runtimePaths
      }
    };
    if (flags.loadAsync) {
      return metadata.neededDynlibs.reduce((chain, dynNeeded) => chain.then(() => loadDynamicLibrary(dynNeeded, flags, localScope)), Promise.resolve()).then(loadModule);
    }
    metadata.neededDynlibs.forEach((needed) => loadDynamicLibrary(needed, flags, localScope));
    return loadModule();
  }, "loadWebAssemblyModule");
  var mergeLibSymbols = /* @__PURE__ */ __name((exports, libName2) => {
    for (var [sym, exp] of Object.entries(exports)) {
      const setImport = /* @__PURE__ */ __name((target) => {
        if (!isSymbolDefined(target)) {
          wasmImports[target] = exp;
        }
      }, "setImport");
      setImport(sym);
      const main_alias = "__main_argc_argv";
      if (sym == "main") {
        setImport(main_alias);
      }
      if (sym == main_alias) {
        setImport("main");
      }
    }
  }, "mergeLibSymbols");
  var asyncLoad = /* @__PURE__ */ __name(async (url) => {
    var arrayBuffer = await readAsync(url);
    return new Uint8Array(arrayBuffer);
  }, "asyncLoad");
  function loadDynamicLibrary(libName2, flags2 = {
    global: true,
    nodelete: true
  }, localScope2, handle2) {
    var dso = LDSO.loadedLibsByName[libName2];
    if (dso) {
      if (!flags2.global) {
        if (localScope2) {
          Object.assign(localScope2, dso.exports);
        }
      } else if (!dso.global) {
        dso.global = true;
        mergeLibSymbols(dso.exports, libName2);
      }
      if (flags2.nodelete && dso.refcount !== Infinity) {
        dso.refcount = Infinity;
      }
      dso.refcount++;
      if (handle2) {
        LDSO.loadedLibsByHandle[handle2] = dso;
      }
      return flags2.loadAsync ? Promise.resolve(true) : true;
    }
    dso = newDSO(libName2, handle2, "loading");
    dso.refcount = flags2.nodelete ? Infinity : 1;
    dso.global = flags2.global;
    function loadLibData() {
      if (handle2) {
        var data = LE_HEAP_LOAD_U32((handle2 + 28 >> 2) * 4);
        var dataSize = LE_HEAP_LOAD_U32((handle2 + 32 >> 2) * 4);
        if (data && dataSize) {
          var libData = HEAP8.slice(data, data + dataSize);
          return flags2.loadAsync ? Promise.resolve(libData) : libData;
        }
      }
      var libFile = locateFile(libName2);
      if (flags2.loadAsync) {
        return asyncLoad(libFile);
      }
      if (!readBinary) {
        throw new Error(`${libFile}: file not found, and synchronous loading of external files is not available`);
      }
      return readBinary(libFile);
    }
    __name(loadLibData, "loadLibData");
    function getExports() {
      if (flags2.loadAsync) {
        return loadLibData().then((libData) => loadWebAssemblyModule(libData, flags2, libName2, localScope2, handle2));
      }
      return loadWebAssemblyModule(loadLibData(), flags2, libName2, localScope2, handle2);
    }
    __name(getExports, "getExports");
    function moduleLoaded(exports) {
      if (dso.global) {
        mergeLibSymbols(exports, libName2);
      } else if (localScope2) {
        Object.assign(localScope2, exports);
      }
      dso.exports = exports;
    }
    __name(moduleLoaded, "moduleLoaded");
    if (flags2.loadAsync) {
      return getExports().then((exports) => {
        moduleLoaded(exports);
        return true;
      });
    }
    moduleLoaded(getExports());
    return true;
  }
  __name(loadDynamicLibrary, "loadDynamicLibrary");
  var reportUndefinedSymbols = /* @__PURE__ */ __name(() => {
    for (var [symName, entry] of Object.entries(GOT)) {
      if (entry.value == 0) {
        var value = resolveGlobalSymbol(symName, true).sym;
        if (!value && !entry.required) {
          continue;
        }
        if (typeof value == "function") {
          entry.value = addFunction(value, value.sig);
        } else if (typeof value == "number") {
          entry.value = value;
        } else {
          throw new Error(`bad export type for '${symName}': ${typeof value}`);
        }
      }
    }
  }, "reportUndefinedSymbols");
  var runDependencies = 0;
  var dependenciesFulfilled = null;
  var removeRunDependency = /* @__PURE__ */ __name((id) => {
    runDependencies--;
    Module["monitorRunDependencies"]?.(runDependencies);
    if (runDependencies == 0) {
      if (dependenciesFulfilled) {
        var callback = dependenciesFulfilled;
        dependenciesFulfilled = null;
        callback();
      }
    }
  }, "removeRunDependency");
  var addRunDependency = /* @__PURE__ */ __name((id) => {
    runDependencies++;
    Module["monitorRunDependencies"]?.(runDependencies);
  }, "addRunDependency");
  var loadDylibs = /* @__PURE__ */ __name(async () => {
    if (!dynamicLibraries.length) {
      reportUndefinedSymbols();
      return;
    }
    addRunDependency("loadDylibs");
    for (var lib of dynamicLibraries) {
      await loadDynamicLibrary(lib, {
        loadAsync: true,
        global: true,
        nodelete: true,
        allowUndefined: true
      });
    }
    reportUndefinedSymbols();
    removeRunDependency("loadDylibs");
  }, "loadDylibs");
  var noExitRuntime = true;
  function setValue(ptr, value, type = "i8") {
    if (type.endsWith("*")) type = "*";
    switch (type) {
      case "i1":
        HEAP8[ptr] = value;
        break;
      case "i8":
        HEAP8[ptr] = value;
        break;
      case "i16":
        LE_HEAP_STORE_I16((ptr >> 1) * 2, value);
        break;
      case "i32":
        LE_HEAP_STORE_I32((ptr >> 2) * 4, value);
        break;
      case "i64":
        LE_HEAP_STORE_I64((ptr >> 3) * 8, BigInt(value));
        break;
      case "float":
        LE_HEAP_STORE_F32((ptr >> 2) * 4, value);
        break;
      case "double":
        LE_HEAP_STORE_F64((ptr >> 3) * 8, value);
        break;
      case "*":
        LE_HEAP_STORE_U32((ptr >> 2) * 4, value);
        break;
      default:
        abort(`invalid type for setValue: ${type}`);
    }
  }
  __name(setValue, "setValue");
  var ___memory_base = new WebAssembly.Global({
    "value": "i32",
    "mutable": false
  }, 1024);
  var ___stack_high = 82240;
  var ___stack_low = 16704;
  var ___stack_pointer = new WebAssembly.Global({
    "value": "i32",
    "mutable": true
  }, 82240);
  var ___table_base = new WebAssembly.Global({
    "value": "i32",
    "mutable": false
  }, 1);
  var __abort_js = /* @__PURE__ */ __name(() => abort(""), "__abort_js");
  __abort_js.sig = "v";
  var getHeapMax = /* @__PURE__ */ __name(() => (
    // Stay one Wasm page short of 4GB: while e.g. Chrome is able to allocate
    // full 4GB Wasm memories, the size will wrap back to 0 bytes in Wasm side
    // for any code that deals with heap sizes, which would require special
    // casing all heap size related code to treat 0 specially.
    2147483648
  ), "getHeapMax");
  var growMemory = /* @__PURE__ */ __name((size) => {
    var oldHeapSize = wasmMemory.buffer.byteLength;
    var pages = (size - oldHeapSize + 65535) / 65536 | 0;
    try {
      wasmMemory.grow(pages);
      updateMemoryViews();
      return 1;
    } catch (e) {
    }
  }, "growMemory");
  var _emscripten_resize_heap = /* @__PURE__ */ __name((requestedSize) => {
    var oldSize = HEAPU8.length;
    requestedSize >>>= 0;
    var maxHeapSize = getHeapMax();
    if (requestedSize > maxHeapSize) {
      return false;
    }
    for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
      var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
      overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
      var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536));
      var replacement = growMemory(newSize);
      if (replacement) {
        return true;
      }
    }
    return false;
  }, "_emscripten_resize_heap");
  _emscripten_resize_heap.sig = "ip";
  var _fd_close = /* @__PURE__ */ __name((fd) => 52, "_fd_close");
  _fd_close.sig = "ii";
  var INT53_MAX = 9007199254740992;
  var INT53_MIN = -9007199254740992;
  var bigintToI53Checked = /* @__PURE__ */ __name((num) => num < INT53_MIN || num > INT53_MAX ? NaN : Number(num), "bigintToI53Checked");
  function _fd_seek(fd, offset, whence, newOffset) {
    offset = bigintToI53Checked(offset);
    return 70;
  }
  __name(_fd_seek, "_fd_seek");
  _fd_seek.sig = "iijip";
  var printCharBuffers = [null, [], []];
  var printChar = /* @__PURE__ */ __name((stream, curr) => {
    var buffer = printCharBuffers[stream];
    if (curr === 0 || curr === 10) {
      (stream === 1 ? out : err)(UTF8ArrayToString(buffer));
      buffer.length = 0;
    } else {
      buffer.push(curr);
    }
  }, "printChar");
  var _fd_write = /* @__PURE__ */ __name((fd, iov, iovcnt, pnum) => {
    var num = 0;
    for (var i2 = 0; i2 < iovcnt; i2++) {
      var ptr = LE_HEAP_LOAD_U32((iov >> 2) * 4);
      var len = LE_HEAP_LOAD_U32((iov + 4 >> 2) * 4);
      iov += 8;
      for (var j = 0; j < len; j++) {
        printChar(fd, HEAPU8[ptr + j]);
      }
      num += len;
    }
    LE_HEAP_STORE_U32((pnum >> 2) * 4, num);
    return 0;
  }, "_fd_write");
  _fd_write.sig = "iippp";
  function _tree_sitter_log_callback(isLexMessage, messageAddress) {
    if (Module.currentLogCallback) {
      const message = UTF8ToString(messageAddress);
      Module.currentLogCallback(message, isLexMessage !== 0);
    }
  }
  __name(_tree_sitter_log_callback, "_tree_sitter_log_callback");
  function _tree_sitter_parse_callback(inputBufferAddress, index, row, column, lengthAddress) {
    const INPUT_BUFFER_SIZE = 10 * 1024;
    const string = Module.currentParseCallback(index, {
      row,
      column
    });
    if (typeof string === "string") {
      setValue(lengthAddress, string.length, "i32");
      stringToUTF16(string, inputBufferAddress, INPUT_BUFFER_SIZE);
    } else {
      setValue(lengthAddress, 0, "i32");
    }
  }
  __name(_tree_sitter_parse_callback, "_tree_sitter_parse_callback");
  function _tree_sitter_progress_callback(currentOffset, hasError) {
    if (Module.currentProgressCallback) {
      return Module.currentProgressCallback({
        currentOffset,
        hasError
      });
    }
    return false;
  }
  __name(_tree_sitter_progress_callback, "_tree_sitter_progress_callback");
  function _tree_sitter_query_progress_callback(currentOffset) {
    if (Module.currentQueryProgressCallback) {
      return Module.currentQueryProgressCallback({
        currentOffset
      });
    }
    return false;
  }
  __name(_tree_sitter_query_progress_callback, "_tree_sitter_query_progress_callback");
  var runtimeKeepaliveCounter = 0;
  var keepRuntimeAlive = /* @__PURE__ */ __name(() => noExitRuntime || runtimeKeepaliveCounter > 0, "keepRuntimeAlive");
  var _proc_exit = /* @__PURE__ */ __name((code) => {
    EXITSTATUS = code;
    if (!keepRuntimeAlive()) {
      Module["onExit"]?.(code);
      ABORT = true;
    }
    quit_(code, new ExitStatus(code));
  }, "_proc_exit");
  _proc_exit.sig = "vi";
  var exitJS = /* @__PURE__ */ __name((status, implicit) => {
    EXITSTATUS = status;
    _proc_exit(status);
  }, "exitJS");
  var handleException = /* @__PURE__ */ __name((e) => {
    if (e instanceof ExitStatus || e == "unwind") {
      return EXITSTATUS;
    }
    quit_(1, e);
  }, "handleException");
  var lengthBytesUTF8 = /* @__PURE__ */ __name((str) => {
    var len = 0;
    for (var i2 = 0; i2 < str.length; ++i2) {
      var c = str.charCodeAt(i2);
      if (c <= 127) {
        len++;
      } else if (c <= 2047) {
        len += 2;
      } else if (c >= 55296 && c <= 57343) {
        len += 4;
        ++i2;
      } else {
        len += 3;
      }
    }
    return len;
  }, "lengthBytesUTF8");
  var stringToUTF8Array = /* @__PURE__ */ __name((str, heap, outIdx, maxBytesToWrite) => {
    if (!(maxBytesToWrite > 0)) return 0;
    var startIdx = outIdx;
    var endIdx = outIdx + maxBytesToWrite - 1;
    for (var i2 = 0; i2 < str.length; ++i2) {
      var u = str.codePointAt(i2);
      if (u <= 127) {
        if (outIdx >= endIdx) break;
        heap[outIdx++] = u;
      } else if (u <= 2047) {
        if (outIdx + 1 >= endIdx) break;
        heap[outIdx++] = 192 | u >> 6;
        heap[outIdx++] = 128 | u & 63;
      } else if (u <= 65535) {
        if (outIdx + 2 >= endIdx) break;
        heap[outIdx++] = 224 | u >> 12;
        heap[outIdx++] = 128 | u >> 6 & 63;
        heap[outIdx++] = 128 | u & 63;
      } else {
        if (outIdx + 3 >= endIdx) break;
        heap[outIdx++] = 240 | u >> 18;
        heap[outIdx++] = 128 | u >> 12 & 63;
        heap[outIdx++] = 128 | u >> 6 & 63;
        heap[outIdx++] = 128 | u & 63;
        i2++;
      }
    }
    heap[outIdx] = 0;
    return outIdx - startIdx;
  }, "stringToUTF8Array");
  var stringToUTF8 = /* @__PURE__ */ __name((str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite), "stringToUTF8");
  var stackAlloc = /* @__PURE__ */ __name((sz) => __emscripten_stack_alloc(sz), "stackAlloc");
  var stringToUTF8OnStack = /* @__PURE__ */ __name((str) => {
    var size = lengthBytesUTF8(str) + 1;
    var ret = stackAlloc(size);
    stringToUTF8(str, ret, size);
    return ret;
  }, "stringToUTF8OnStack");
  var AsciiToString = /* @__PURE__ */ __name((ptr) => {
    var str = "";
    while (1) {
      var ch = HEAPU8[ptr++];
      if (!ch) return str;
      str += String.fromCharCode(ch);
    }
  }, "AsciiToString");
  var stringToUTF16 = /* @__PURE__ */ __name((str, outPtr, maxBytesToWrite) => {
    maxBytesToWrite ??= 2147483647;
    if (maxBytesToWrite < 2) return 0;
    maxBytesToWrite -= 2;
    var startPtr = outPtr;
    var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
    for (var i2 = 0; i2 < numCharsToWrite; ++i2) {
      var codeUnit = str.charCodeAt(i2);
      LE_HEAP_STORE_I16((outPtr >> 1) * 2, codeUnit);
      outPtr += 2;
    }
    LE_HEAP_STORE_I16((outPtr >> 1) * 2, 0);
    return outPtr - startPtr;
  }, "stringToUTF16");
  new Int8Array(new Int16Array([1]).buffer)[0] === 1 ? [
    /* little endian */
    ((x) => x),
    ((x) => x),
    void 0,
    ((x) => x)
  ] : [
    /* big endian */
    ((x) => x),
    ((x) => ((x & 65280) << 8 | (x & 255) << 24) >> 16),
    void 0,
    ((x) => x >> 24 & 255 | x >> 8 & 65280 | (x & 65280) << 8 | (x & 255) << 24)
  ];
  function LE_HEAP_UPDATE() {
    HEAPU16.unsigned = ((x) => x & 65535);
    HEAPU32.unsigned = ((x) => x >>> 0);
  }
  __name(LE_HEAP_UPDATE, "LE_HEAP_UPDATE");
  {
    initMemory();
    if (Module["noExitRuntime"]) noExitRuntime = Module["noExitRuntime"];
    if (Module["print"]) out = Module["print"];
    if (Module["printErr"]) err = Module["printErr"];
    if (Module["dynamicLibraries"]) dynamicLibraries = Module["dynamicLibraries"];
    if (Module["wasmBinary"]) wasmBinary = Module["wasmBinary"];
    if (Module["arguments"]) arguments_ = Module["arguments"];
    if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
    if (Module["preInit"]) {
      if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
      while (Module["preInit"].length > 0) {
        Module["preInit"].shift()();
      }
    }
  }
  Module["setValue"] = setValue;
  Module["getValue"] = getValue;
  Module["UTF8ToString"] = UTF8ToString;
  Module["stringToUTF8"] = stringToUTF8;
  Module["lengthBytesUTF8"] = lengthBytesUTF8;
  Module["AsciiToString"] = AsciiToString;
  Module["stringToUTF16"] = stringToUTF16;
  Module["loadWebAssemblyModule"] = loadWebAssemblyModule;
  Module["LE_HEAP_STORE_I64"] = LE_HEAP_STORE_I64;
  var _calloc, _setThrew, __emscripten_stack_restore, __emscripten_stack_alloc, _emscripten_stack_get_current;
  function assignWasmExports(wasmExports2) {
    Module["_malloc"] = wasmExports2["malloc"];
    Module["_calloc"] = _calloc = wasmExports2["calloc"];
    Module["_realloc"] = wasmExports2["realloc"];
    Module["_free"] = wasmExports2["free"];
    Module["_ts_range_edit"] = wasmExports2["ts_range_edit"];
    Module["_memcmp"] = wasmExports2["memcmp"];
    Module["_ts_language_symbol_count"] = wasmExports2["ts_language_symbol_count"];
    Module["_ts_language_state_count"] = wasmExports2["ts_language_state_count"];
    Module["_ts_language_abi_version"] = wasmExports2["ts_language_abi_version"];
    Module["_ts_language_name"] = wasmExports2["ts_language_name"];
    Module["_ts_language_field_count"] = wasmExports2["ts_language_field_count"];
    Module["_ts_language_next_state"] = wasmExports2["ts_language_next_state"];
    Module["_ts_language_symbol_name"] = wasmExports2["ts_language_symbol_name"];
    Module["_ts_language_symbol_for_name"] = wasmExports2["ts_language_symbol_for_name"];
    Module["_strncmp"] = wasmExports2["strncmp"];
    Module["_strlen"] = wasmExports2["strlen"];
    Module["_ts_language_symbol_type"] = wasmExports2["ts_language_symbol_type"];
    Module["_ts_language_field_name_for_id"] = wasmExports2["ts_language_field_name_for_id"];
    Module["_ts_lookahead_iterator_new"] = wasmExports2["ts_lookahead_iterator_new"];
    Module["_ts_lookahead_iterator_delete"] = wasmExports2["ts_lookahead_iterator_delete"];
    Module["_ts_lookahead_iterator_reset_state"] = wasmExports2["ts_lookahead_iterator_reset_state"];
    Module["_ts_lookahead_iterator_reset"] = wasmExports2["ts_lookahead_iterator_reset"];
    Module["_ts_lookahead_iterator_next"] = wasmExports2["ts_lookahead_iterator_next"];
    Module["_ts_lookahead_iterator_current_symbol"] = wasmExports2["ts_lookahead_iterator_current_symbol"];
    Module["_ts_point_edit"] = wasmExports2["ts_point_edit"];
    Module["_ts_parser_delete"] = wasmExports2["ts_parser_delete"];
    Module["_ts_parser_reset"] = wasmExports2["ts_parser_reset"];
    Module["_ts_parser_set_language"] = wasmExports2["ts_parser_set_language"];
    Module["_ts_parser_set_included_ranges"] = wasmExports2["ts_parser_set_included_ranges"];
    Module["_ts_query_new"] = wasmExports2["ts_query_new"];
    Module["_ts_query_delete"] = wasmExports2["ts_query_delete"];
    Module["_iswspace"] = wasmExports2["iswspace"];
    Module["_iswalnum"] = wasmExports2["iswalnum"];
    Module["_ts_query_copy"] = wasmExports2["ts_query_copy"];
    Module["_ts_query_pattern_count"] = wasmExports2["ts_query_pattern_count"];
    Module["_ts_query_capture_count"] = wasmExports2["ts_query_capture_count"];
    Module["_ts_query_string_count"] = wasmExports2["ts_query_string_count"];
    Module["_ts_query_capture_name_for_id"] = wasmExports2["ts_query_capture_name_for_id"];
    Module["_ts_query_capture_quantifier_for_id"] = wasmExports2["ts_query_capture_quantifier_for_id"];
    Module["_ts_query_string_value_for_id"] = wasmExports2["ts_query_string_value_for_id"];
    Module["_ts_query_predicates_for_pattern"] = wasmExports2["ts_query_predicates_for_pattern"];
    Module["_ts_query_start_byte_for_pattern"] = wasmExports2["ts_query_start_byte_for_pattern"];
    Module["_ts_query_end_byte_for_pattern"] = wasmExports2["ts_query_end_byte_for_pattern"];
    Module["_ts_query_is_pattern_rooted"] = wasmExports2["ts_query_is_pattern_rooted"];
    Module["_ts_query_is_pattern_non_local"] = wasmExports2["ts_query_is_pattern_non_local"];
    Module["_ts_query_is_pattern_guaranteed_at_step"] = wasmExports2["ts_query_is_pattern_guaranteed_at_step"];
    Module["_ts_query_disable_capture"] = wasmExports2["ts_query_disable_capture"];
    Module["_ts_query_disable_pattern"] = wasmExports2["ts_query_disable_pattern"];
    Module["_ts_tree_copy"] = wasmExports2["ts_tree_copy"];
    Module["_ts_tree_delete"] = wasmExports2["ts_tree_delete"];
    Module["_ts_init"] = wasmExports2["ts_init"];
    Module["_ts_parser_new_wasm"] = wasmExports2["ts_parser_new_wasm"];
    Module["_ts_parser_enable_logger_wasm"] = wasmExports2["ts_parser_enable_logger_wasm"];
    Module["_ts_parser_parse_wasm"] = wasmExports2["ts_parser_parse_wasm"];
    Module["_ts_parser_included_ranges_wasm"] = wasmExports2["ts_parser_included_ranges_wasm"];
    Module["_ts_language_type_is_named_wasm"] = wasmExports2["ts_language_type_is_named_wasm"];
    Module["_ts_language_type_is_visible_wasm"] = wasmExports2["ts_language_type_is_visible_wasm"];
    Module["_ts_language_metadata_wasm"] = wasmExports2["ts_language_metadata_wasm"];
    Module["_ts_language_supertypes_wasm"] = wasmExports2["ts_language_supertypes_wasm"];
    Module["_ts_language_subtypes_wasm"] = wasmExports2["ts_language_subtypes_wasm"];
    Module["_ts_tree_root_node_wasm"] = wasmExports2["ts_tree_root_node_wasm"];
    Module["_ts_tree_root_node_with_offset_wasm"] = wasmExports2["ts_tree_root_node_with_offset_wasm"];
    Module["_ts_tree_edit_wasm"] = wasmExports2["ts_tree_edit_wasm"];
    Module["_ts_tree_included_ranges_wasm"] = wasmExports2["ts_tree_included_ranges_wasm"];
    Module["_ts_tree_get_changed_ranges_wasm"] = wasmExports2["ts_tree_get_changed_ranges_wasm"];
    Module["_ts_tree_cursor_new_wasm"] = wasmExports2["ts_tree_cursor_new_wasm"];
    Module["_ts_tree_cursor_copy_wasm"] = wasmExports2["ts_tree_cursor_copy_wasm"];
    Module["_ts_tree_cursor_delete_wasm"] = wasmExports2["ts_tree_cursor_delete_wasm"];
    Module["_ts_tree_cursor_reset_wasm"] = wasmExports2["ts_tree_cursor_reset_wasm"];
    Module["_ts_tree_cursor_reset_to_wasm"] = wasmExports2["ts_tree_cursor_reset_to_wasm"];
    Module["_ts_tree_cursor_goto_first_child_wasm"] = wasmExports2["ts_tree_cursor_goto_first_child_wasm"];
    Module["_ts_tree_cursor_goto_last_child_wasm"] = wasmExports2["ts_tree_cursor_goto_last_child_wasm"];
    Module["_ts_tree_cursor_goto_first_child_for_index_wasm"] = wasmExports2["ts_tree_cursor_goto_first_child_for_index_wasm"];
    Module["_ts_tree_cursor_goto_first_child_for_position_wasm"] = wasmExports2["ts_tree_cursor_goto_first_child_for_position_wasm"];
    Module["_ts_tree_cursor_goto_next_sibling_wasm"] = wasmExports2["ts_tree_cursor_goto_next_sibling_wasm"];
    Module["_ts_tree_cursor_goto_previous_sibling_wasm"] = wasmExports2["ts_tree_cursor_goto_previous_sibling_wasm"];
    Module["_ts_tree_cursor_goto_descendant_wasm"] = wasmExports2["ts_tree_cursor_goto_descendant_wasm"];
    Module["_ts_tree_cursor_goto_parent_wasm"] = wasmExports2["ts_tree_cursor_goto_parent_wasm"];
    Module["_ts_tree_cursor_current_node_type_id_wasm"] = wasmExports2["ts_tree_cursor_current_node_type_id_wasm"];
    Module["_ts_tree_cursor_current_node_state_id_wasm"] = wasmExports2["ts_tree_cursor_current_node_state_id_wasm"];
    Module["_ts_tree_cursor_current_node_is_named_wasm"] = wasmExports2["ts_tree_cursor_current_node_is_named_wasm"];
    Module["_ts_tree_cursor_current_node_is_missing_wasm"] = wasmExports2["ts_tree_cursor_current_node_is_missing_wasm"];
    Module["_ts_tree_cursor_current_node_id_wasm"] = wasmExports2["ts_tree_cursor_current_node_id_wasm"];
    Module["_ts_tree_cursor_start_position_wasm"] = wasmExports2["ts_tree_cursor_start_position_wasm"];
    Module["_ts_tree_cursor_end_position_wasm"] = wasmExports2["ts_tree_cursor_end_position_wasm"];
    Module["_ts_tree_cursor_start_index_wasm"] = wasmExports2["ts_tree_cursor_start_index_wasm"];
    Module["_ts_tree_cursor_end_index_wasm"] = wasmExports2["ts_tree_cursor_end_index_wasm"];
    Module["_ts_tree_cursor_current_field_id_wasm"] = wasmExports2["ts_tree_cursor_current_field_id_wasm"];
    Module["_ts_tree_cursor_current_depth_wasm"] = wasmExports2["ts_tree_cursor_current_depth_wasm"];
    Module["_ts_tree_cursor_current_descendant_index_wasm"] = wasmExports2["ts_tree_cursor_current_descendant_index_wasm"];
    Module["_ts_tree_cursor_current_node_wasm"] = wasmExports2["ts_tree_cursor_current_node_wasm"];
    Module["_ts_node_symbol_wasm"] = wasmExports2["ts_node_symbol_wasm"];
    Module["_ts_node_field_name_for_child_wasm"] = wasmExports2["ts_node_field_name_for_child_wasm"];
    Module["_ts_node_field_name_for_named_child_wasm"] = wasmExports2["ts_node_field_name_for_named_child_wasm"];
    Module["_ts_node_children_by_field_id_wasm"] = wasmExports2["ts_node_children_by_field_id_wasm"];
    Module["_ts_node_first_child_for_byte_wasm"] = wasmExports2["ts_node_first_child_for_byte_wasm"];
    Module["_ts_node_first_named_child_for_byte_wasm"] = wasmExports2["ts_node_first_named_child_for_byte_wasm"];
    Module["_ts_node_grammar_symbol_wasm"] = wasmExports2["ts_node_grammar_symbol_wasm"];
    Module["_ts_node_child_count_wasm"] = wasmExports2["ts_node_child_count_wasm"];
    Module["_ts_node_named_child_count_wasm"] = wasmExports2["ts_node_named_child_count_wasm"];
    Module["_ts_node_child_wasm"] = wasmExports2["ts_node_child_wasm"];
    Module["_ts_node_named_child_wasm"] = wasmExports2["ts_node_named_child_wasm"];
    Module["_ts_node_child_by_field_id_wasm"] = wasmExports2["ts_node_child_by_field_id_wasm"];
    Module["_ts_node_next_sibling_wasm"] = wasmExports2["ts_node_next_sibling_wasm"];
    Module["_ts_node_prev_sibling_wasm"] = wasmExports2["ts_node_prev_sibling_wasm"];
    Module["_ts_node_next_named_sibling_wasm"] = wasmExports2["ts_node_next_named_sibling_wasm"];
    Module["_ts_node_prev_named_sibling_wasm"] = wasmExports2["ts_node_prev_named_sibling_wasm"];
    Module["_ts_node_descendant_count_wasm"] = wasmExports2["ts_node_descendant_count_wasm"];
    Module["_ts_node_parent_wasm"] = wasmExports2["ts_node_parent_wasm"];
    Module["_ts_node_child_with_descendant_wasm"] = wasmExports2["ts_node_child_with_descendant_wasm"];
    Module["_ts_node_descendant_for_index_wasm"] = wasmExports2["ts_node_descendant_for_index_wasm"];
    Module["_ts_node_named_descendant_for_index_wasm"] = wasmExports2["ts_node_named_descendant_for_index_wasm"];
    Module["_ts_node_descendant_for_position_wasm"] = wasmExports2["ts_node_descendant_for_position_wasm"];
    Module["_ts_node_named_descendant_for_position_wasm"] = wasmExports2["ts_node_named_descendant_for_position_wasm"];
    Module["_ts_node_start_point_wasm"] = wasmExports2["ts_node_start_point_wasm"];
    Module["_ts_node_end_point_wasm"] = wasmExports2["ts_node_end_point_wasm"];
    Module["_ts_node_start_index_wasm"] = wasmExports2["ts_node_start_index_wasm"];
    Module["_ts_node_end_index_wasm"] = wasmExports2["ts_node_end_index_wasm"];
    Module["_ts_node_to_string_wasm"] = wasmExports2["ts_node_to_string_wasm"];
    Module["_ts_node_children_wasm"] = wasmExports2["ts_node_children_wasm"];
    Module["_ts_node_named_children_wasm"] = wasmExports2["ts_node_named_children_wasm"];
    Module["_ts_node_descendants_of_type_wasm"] = wasmExports2["ts_node_descendants_of_type_wasm"];
    Module["_ts_node_is_named_wasm"] = wasmExports2["ts_node_is_named_wasm"];
    Module["_ts_node_has_changes_wasm"] = wasmExports2["ts_node_has_changes_wasm"];
    Module["_ts_node_has_error_wasm"] = wasmExports2["ts_node_has_error_wasm"];
    Module["_ts_node_is_error_wasm"] = wasmExports2["ts_node_is_error_wasm"];
    Module["_ts_node_is_missing_wasm"] = wasmExports2["ts_node_is_missing_wasm"];
    Module["_ts_node_is_extra_wasm"] = wasmExports2["ts_node_is_extra_wasm"];
    Module["_ts_node_parse_state_wasm"] = wasmExports2["ts_node_parse_state_wasm"];
    Module["_ts_node_next_parse_state_wasm"] = wasmExports2["ts_node_next_parse_state_wasm"];
    Module["_ts_query_matches_wasm"] = wasmExports2["ts_query_matches_wasm"];
    Module["_ts_query_captures_wasm"] = wasmExports2["ts_query_captures_wasm"];
    Module["_memset"] = wasmExports2["memset"];
    Module["_memcpy"] = wasmExports2["memcpy"];
    Module["_memmove"] = wasmExports2["memmove"];
    Module["_iswalpha"] = wasmExports2["iswalpha"];
    Module["_iswblank"] = wasmExports2["iswblank"];
    Module["_iswdigit"] = wasmExports2["iswdigit"];
    Module["_iswlower"] = wasmExports2["iswlower"];
    Module["_iswpunct"] = wasmExports2["iswpunct"];
    Module["_iswupper"] = wasmExports2["iswupper"];
    Module["_iswxdigit"] = wasmExports2["iswxdigit"];
    Module["_memchr"] = wasmExports2["memchr"];
    Module["_strcmp"] = wasmExports2["strcmp"];
    Module["_strncat"] = wasmExports2["strncat"];
    Module["_strncpy"] = wasmExports2["strncpy"];
    Module["_towlower"] = wasmExports2["towlower"];
    Module["_towupper"] = wasmExports2["towupper"];
    _setThrew = wasmExports2["setThrew"];
    __emscripten_stack_restore = wasmExports2["_emscripten_stack_restore"];
    __emscripten_stack_alloc = wasmExports2["_emscripten_stack_alloc"];
    _emscripten_stack_get_current = wasmExports2["emscripten_stack_get_current"];
    wasmExports2["__wasm_apply_data_relocs"];
  }
  __name(assignWasmExports, "assignWasmExports");
  var wasmImports = {
    /** @export */
    __heap_base: ___heap_base,
    /** @export */
    __indirect_function_table: wasmTable,
    /** @export */
    __memory_base: ___memory_base,
    /** @export */
    __stack_high: ___stack_high,
    /** @export */
    __stack_low: ___stack_low,
    /** @export */
    __stack_pointer: ___stack_pointer,
    /** @export */
    __table_base: ___table_base,
    /** @export */
    _abort_js: __abort_js,
    /** @export */
    emscripten_resize_heap: _emscripten_resize_heap,
    /** @export */
    fd_close: _fd_close,
    /** @export */
    fd_seek: _fd_seek,
    /** @export */
    fd_write: _fd_write,
    /** @export */
    memory: wasmMemory,
    /** @export */
    tree_sitter_log_callback: _tree_sitter_log_callback,
    /** @export */
    tree_sitter_parse_callback: _tree_sitter_parse_callback,
    /** @export */
    tree_sitter_progress_callback: _tree_sitter_progress_callback,
    /** @export */
    tree_sitter_query_progress_callback: _tree_sitter_query_progress_callback
  };
  function callMain(args2 = []) {
    var entryFunction = resolveGlobalSymbol("main").sym;
    if (!entryFunction) return;
    args2.unshift(thisProgram);
    var argc = args2.length;
    var argv = stackAlloc((argc + 1) * 4);
    var argv_ptr = argv;
    args2.forEach((arg) => {
      LE_HEAP_STORE_U32((argv_ptr >> 2) * 4, stringToUTF8OnStack(arg));
      argv_ptr += 4;
    });
    LE_HEAP_STORE_U32((argv_ptr >> 2) * 4, 0);
    try {
      var ret = entryFunction(argc, argv);
      exitJS(
        ret,
        /* implicit = */
        true
      );
      return ret;
    } catch (e) {
      return handleException(e);
    }
  }
  __name(callMain, "callMain");
  function run(args2 = arguments_) {
    if (runDependencies > 0) {
      dependenciesFulfilled = run;
      return;
    }
    preRun();
    if (runDependencies > 0) {
      dependenciesFulfilled = run;
      return;
    }
    function doRun() {
      Module["calledRun"] = true;
      if (ABORT) return;
      initRuntime();
      readyPromiseResolve?.(Module);
      Module["onRuntimeInitialized"]?.();
      var noInitialRun = Module["noInitialRun"] || false;
      if (!noInitialRun) callMain(args2);
      postRun();
    }
    __name(doRun, "doRun");
    if (Module["setStatus"]) {
      Module["setStatus"]("Running...");
      setTimeout(() => {
        setTimeout(() => Module["setStatus"](""), 1);
        doRun();
      }, 1);
    } else {
      doRun();
    }
  }
  __name(run, "run");
  var wasmExports;
  wasmExports = await createWasm();
  run();
  if (runtimeInitialized) {
    moduleRtn = Module;
  } else {
    moduleRtn = new Promise((resolve, reject) => {
      readyPromiseResolve = resolve;
      readyPromiseReject = reject;
    });
  }
  return moduleRtn;
}
__name(Module2, "Module");
var web_tree_sitter_default = Module2;

// src/bindings.ts
var Module3 = null;
async function initializeBinding(moduleOptions) {
  return Module3 ??= await web_tree_sitter_default(moduleOptions);
}
__name(initializeBinding, "initializeBinding");
function checkModule() {
  return !!Module3;
}
__name(checkModule, "checkModule");

// src/parser.ts
var TRANSFER_BUFFER;
var LANGUAGE_VERSION;
var MIN_COMPATIBLE_VERSION;
var finalizer4 = newFinalizer((addresses) => {
  C._ts_parser_delete(addresses[0]);
  C._free(addresses[1]);
});
var Parser = class {
  static {
    __name(this, "Parser");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  [1] = 0;
  // Internal handle for Wasm
  /** @internal */
  logCallback = null;
  /** The parser's current language. */
  language = null;
  /**
   * This must always be called before creating a Parser.
   *
   * You can optionally pass in options to configure the Wasm module, the most common
   * one being `locateFile` to help the module find the `.wasm` file.
   */
  static async init(moduleOptions) {
    setModule(await initializeBinding(moduleOptions));
    TRANSFER_BUFFER = C._ts_init();
    LANGUAGE_VERSION = C.getValue(TRANSFER_BUFFER, "i32");
    MIN_COMPATIBLE_VERSION = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
  }
  /**
   * Create a new parser.
   */
  constructor() {
    this.initialize();
    finalizer4?.register(this, [this[0], this[1]], this);
  }
  /** @internal */
  initialize() {
    if (!checkModule()) {
      throw new Error("cannot construct a Parser before calling `init()`");
    }
    C._ts_parser_new_wasm();
    this[0] = C.getValue(TRANSFER_BUFFER, "i32");
    this[1] = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
  }
  /** Delete the parser, freeing its resources. */
  delete() {
    finalizer4?.unregister(this);
    C._ts_parser_delete(this[0]);
    C._free(this[1]);
    this[0] = 0;
    this[1] = 0;
  }
  /**
   * Set the language that the parser should use for parsing.
   *
   * If the language was not successfully assigned, an error will be thrown.
   * This happens if the language was generated with an incompatible
   * version of the Tree-sitter CLI. Check the language's version using
   * {@link Language#version} and compare it to this library's
   * {@link LANGUAGE_VERSION} and {@link MIN_COMPATIBLE_VERSION} constants.
   */
  setLanguage(language) {
    let address;
    if (!language) {
      address = 0;
      this.language = null;
    } else if (language.constructor === Language) {
      address = language[0];
      const version = C._ts_language_abi_version(address);
      if (version < MIN_COMPATIBLE_VERSION || LANGUAGE_VERSION < version) {
        throw new Error(
          `Incompatible language version ${version}. Compatibility range ${MIN_COMPATIBLE_VERSION} through ${LANGUAGE_VERSION}.`
        );
      }
      this.language = language;
    } else {
      throw new Error("Argument must be a Language");
    }
    C._ts_parser_set_language(this[0], address);
    return this;
  }
  /**
   * Parse a slice of UTF8 text.
   *
   * @param {string | ParseCallback} callback - The UTF8-encoded text to parse or a callback function.
   *
   * @param {Tree | null} [oldTree] - A previous syntax tree parsed from the same document. If the text of the
   *   document has changed since `oldTree` was created, then you must edit `oldTree` to match
   *   the new text using {@link Tree#edit}.
   *
   * @param {ParseOptions} [options] - Options for parsing the text.
   *  This can be used to set the included ranges, or a progress callback.
   *
   * @returns {Tree | null} A {@link Tree} if parsing succeeded, or `null` if:
   *  - The parser has not yet had a language assigned with {@link Parser#setLanguage}.
   *  - The progress callback returned true.
   */
  parse(callback, oldTree, options) {
    if (typeof callback === "string") {
      C.currentParseCallback = (index) => callback.slice(index);
    } else if (typeof callback === "function") {
      C.currentParseCallback = callback;
    } else {
      throw new Error("Argument must be a string or a function");
    }
    if (options?.progressCallback) {
      C.currentProgressCallback = options.progressCallback;
    } else {
      C.currentProgressCallback = null;
    }
    if (this.logCallback) {
      C.currentLogCallback = this.logCallback;
      C._ts_parser_enable_logger_wasm(this[0], 1);
    } else {
      C.currentLogCallback = null;
      C._ts_parser_enable_logger_wasm(this[0], 0);
    }
    let rangeCount = 0;
    let rangeAddress = 0;
    if (options?.includedRanges) {
      rangeCount = options.includedRanges.length;
      rangeAddress = C._calloc(rangeCount, SIZE_OF_RANGE);
      let address = rangeAddress;
      for (let i2 = 0; i2 < rangeCount; i2++) {
        marshalRange(address, options.includedRanges[i2]);
        address += SIZE_OF_RANGE;
      }
    }
    const treeAddress = C._ts_parser_parse_wasm(
      this[0],
      this[1],
      oldTree ? oldTree[0] : 0,
      rangeAddress,
      rangeCount
    );
    if (!treeAddress) {
      C.currentParseCallback = null;
      C.currentLogCallback = null;
      C.currentProgressCallback = null;
      return null;
    }
    if (!this.language) {
      throw new Error("Parser must have a language to parse");
    }
    const result = new Tree(INTERNAL, treeAddress, this.language, C.currentParseCallback);
    C.currentParseCallback = null;
    C.currentLogCallback = null;
    C.currentProgressCallback = null;
    return result;
  }
  /**
   * Instruct the parser to start the next parse from the beginning.
   *
   * If the parser previously failed because of a callback, 
   * then by default, it will resume where it left off on the
   * next call to {@link Parser#parse} or other parsing functions.
   * If you don't want to resume, and instead intend to use this parser to
   * parse some other document, you must call `reset` first.
   */
  reset() {
    C._ts_parser_reset(this[0]);
  }
  /** Get the ranges of text that the parser will include when parsing. */
  getIncludedRanges() {
    C._ts_parser_included_ranges_wasm(this[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalRange(address);
        address += SIZE_OF_RANGE;
      }
      C._free(buffer);
    }
    return result;
  }
  /** Set the logging callback that a parser should use during parsing. */
  setLogger(callback) {
    if (!callback) {
      this.logCallback = null;
    } else if (typeof callback !== "function") {
      throw new Error("Logger callback must be a function");
    } else {
      this.logCallback = callback;
    }
    return this;
  }
  /** Get the parser's current logger. */
  getLogger() {
    return this.logCallback;
  }
};

// src/query.ts
var PREDICATE_STEP_TYPE_CAPTURE = 1;
var PREDICATE_STEP_TYPE_STRING = 2;
var QUERY_WORD_REGEX = /[\w-]+/g;
var isCaptureStep = /* @__PURE__ */ __name((step) => step.type === "capture", "isCaptureStep");
var isStringStep = /* @__PURE__ */ __name((step) => step.type === "string", "isStringStep");
var QueryErrorKind = {
  Syntax: 1,
  NodeName: 2,
  FieldName: 3,
  CaptureName: 4,
  PatternStructure: 5
};
var QueryError = class _QueryError extends Error {
  constructor(kind, info2, index, length) {
    super(_QueryError.formatMessage(kind, info2));
    this.kind = kind;
    this.info = info2;
    this.index = index;
    this.length = length;
    this.name = "QueryError";
  }
  kind;
  info;
  index;
  length;
  static {
    __name(this, "QueryError");
  }
  /** Formats an error message based on the error kind and info */
  static formatMessage(kind, info2) {
    switch (kind) {
      case QueryErrorKind.NodeName:
        return `Bad node name '${info2.word}'`;
      case QueryErrorKind.FieldName:
        return `Bad field name '${info2.word}'`;
      case QueryErrorKind.CaptureName:
        return `Bad capture name @${info2.word}`;
      case QueryErrorKind.PatternStructure:
        return `Bad pattern structure at offset ${info2.suffix}`;
      case QueryErrorKind.Syntax:
        return `Bad syntax at offset ${info2.suffix}`;
    }
  }
};
function parseAnyPredicate(steps, index, operator, textPredicates) {
  if (steps.length !== 3) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected 2, got ${steps.length - 1}`
    );
  }
  if (!isCaptureStep(steps[1])) {
    throw new Error(
      `First argument of \`#${operator}\` predicate must be a capture. Got "${steps[1].value}"`
    );
  }
  const isPositive = operator === "eq?" || operator === "any-eq?";
  const matchAll = !operator.startsWith("any-");
  if (isCaptureStep(steps[2])) {
    const captureName1 = steps[1].name;
    const captureName2 = steps[2].name;
    textPredicates[index].push((captures) => {
      const nodes1 = [];
      const nodes2 = [];
      for (const c of captures) {
        if (c.name === captureName1) nodes1.push(c.node);
        if (c.name === captureName2) nodes2.push(c.node);
      }
      const compare = /* @__PURE__ */ __name((n1, n2, positive) => {
        return positive ? n1.text === n2.text : n1.text !== n2.text;
      }, "compare");
      return matchAll ? nodes1.every((n1) => nodes2.some((n2) => compare(n1, n2, isPositive))) : nodes1.some((n1) => nodes2.some((n2) => compare(n1, n2, isPositive)));
    });
  } else {
    const captureName = steps[1].name;
    const stringValue = steps[2].value;
    const matches = /* @__PURE__ */ __name((n) => n.text === stringValue, "matches");
    const doesNotMatch = /* @__PURE__ */ __name((n) => n.text !== stringValue, "doesNotMatch");
    textPredicates[index].push((captures) => {
      const nodes = [];
      for (const c of captures) {
        if (c.name === captureName) nodes.push(c.node);
      }
      const test = isPositive ? matches : doesNotMatch;
      return matchAll ? nodes.every(test) : nodes.some(test);
    });
  }
}
__name(parseAnyPredicate, "parseAnyPredicate");
function parseMatchPredicate(steps, index, operator, textPredicates) {
  if (steps.length !== 3) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected 2, got ${steps.length - 1}.`
    );
  }
  if (steps[1].type !== "capture") {
    throw new Error(
      `First argument of \`#${operator}\` predicate must be a capture. Got "${steps[1].value}".`
    );
  }
  if (steps[2].type !== "string") {
    throw new Error(
      `Second argument of \`#${operator}\` predicate must be a string. Got @${steps[2].name}.`
    );
  }
  const isPositive = operator === "match?" || operator === "any-match?";
  const matchAll = !operator.startsWith("any-");
  const captureName = steps[1].name;
  const regex = new RegExp(steps[2].value);
  textPredicates[index].push((captures) => {
    const nodes = [];
    for (const c of captures) {
      if (c.name === captureName) nodes.push(c.node.text);
    }
    const test = /* @__PURE__ */ __name((text, positive) => {
      return positive ? regex.test(text) : !regex.test(text);
    }, "test");
    if (nodes.length === 0) return !isPositive;
    return matchAll ? nodes.every((text) => test(text, isPositive)) : nodes.some((text) => test(text, isPositive));
  });
}
__name(parseMatchPredicate, "parseMatchPredicate");
function parseAnyOfPredicate(steps, index, operator, textPredicates) {
  if (steps.length < 2) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected at least 1. Got ${steps.length - 1}.`
    );
  }
  if (steps[1].type !== "capture") {
    throw new Error(
      `First argument of \`#${operator}\` predicate must be a capture. Got "${steps[1].value}".`
    );
  }
  const isPositive = operator === "any-of?";
  const captureName = steps[1].name;
  const stringSteps = steps.slice(2);
  if (!stringSteps.every(isStringStep)) {
    throw new Error(
      `Arguments to \`#${operator}\` predicate must be strings.".`
    );
  }
  const values = stringSteps.map((s) => s.value);
  textPredicates[index].push((captures) => {
    const nodes = [];
    for (const c of captures) {
      if (c.name === captureName) nodes.push(c.node.text);
    }
    if (nodes.length === 0) return !isPositive;
    return nodes.every((text) => values.includes(text)) === isPositive;
  });
}
__name(parseAnyOfPredicate, "parseAnyOfPredicate");
function parseIsPredicate(steps, index, operator, assertedProperties, refutedProperties) {
  if (steps.length < 2 || steps.length > 3) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected 1 or 2. Got ${steps.length - 1}.`
    );
  }
  if (!steps.every(isStringStep)) {
    throw new Error(
      `Arguments to \`#${operator}\` predicate must be strings.".`
    );
  }
  const properties = operator === "is?" ? assertedProperties : refutedProperties;
  if (!properties[index]) properties[index] = {};
  properties[index][steps[1].value] = steps[2]?.value ?? null;
}
__name(parseIsPredicate, "parseIsPredicate");
function parseSetDirective(steps, index, setProperties) {
  if (steps.length < 2 || steps.length > 3) {
    throw new Error(`Wrong number of arguments to \`#set!\` predicate. Expected 1 or 2. Got ${steps.length - 1}.`);
  }
  if (!steps.every(isStringStep)) {
    throw new Error(`Arguments to \`#set!\` predicate must be strings.".`);
  }
  if (!setProperties[index]) setProperties[index] = {};
  setProperties[index][steps[1].value] = steps[2]?.value ?? null;
}
__name(parseSetDirective, "parseSetDirective");
function parsePattern(index, stepType, stepValueId, captureNames, stringValues, steps, textPredicates, predicates, setProperties, assertedProperties, refutedProperties) {
  if (stepType === PREDICATE_STEP_TYPE_CAPTURE) {
    const name2 = captureNames[stepValueId];
    steps.push({ type: "capture", name: name2 });
  } else if (stepType === PREDICATE_STEP_TYPE_STRING) {
    steps.push({ type: "string", value: stringValues[stepValueId] });
  } else if (steps.length > 0) {
    if (steps[0].type !== "string") {
      throw new Error("Predicates must begin with a literal value");
    }
    const operator = steps[0].value;
    switch (operator) {
      case "any-not-eq?":
      case "not-eq?":
      case "any-eq?":
      case "eq?":
        parseAnyPredicate(steps, index, operator, textPredicates);
        break;
      case "any-not-match?":
      case "not-match?":
      case "any-match?":
      case "match?":
        parseMatchPredicate(steps, index, operator, textPredicates);
        break;
      case "not-any-of?":
      case "any-of?":
        parseAnyOfPredicate(steps, index, operator, textPredicates);
        break;
      case "is?":
      case "is-not?":
        parseIsPredicate(steps, index, operator, assertedProperties, refutedProperties);
        break;
      case "set!":
        parseSetDirective(steps, index, setProperties);
        break;
      default:
        predicates[index].push({ operator, operands: steps.slice(1) });
    }
    steps.length = 0;
  }
}
__name(parsePattern, "parsePattern");
function indexForByteOffset(source, byteOffset) {
  return new TextEncoder().encodeInto(source, new Uint8Array(byteOffset)).read;
}
__name(indexForByteOffset, "indexForByteOffset");
var finalizer5 = newFinalizer((address) => {
  C._ts_query_delete(address);
});
(class {
  static {
    __name(this, "Query");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  exceededMatchLimit;
  /** @internal */
  textPredicates;
  /** @internal */
  source;
  /** The names of the captures used in the query. */
  captureNames;
  /** The quantifiers of the captures used in the query. */
  captureQuantifiers;
  /**
   * The other user-defined predicates associated with the given index.
   *
   * This includes predicates with operators other than:
   * - `match?`
   * - `eq?` and `not-eq?`
   * - `any-of?` and `not-any-of?`
   * - `is?` and `is-not?`
   * - `set!`
   */
  predicates;
  /** The properties for predicates with the operator `set!`. */
  setProperties;
  /** The properties for predicates with the operator `is?`. */
  assertedProperties;
  /** The properties for predicates with the operator `is-not?`. */
  refutedProperties;
  /** The maximum number of in-progress matches for this cursor. */
  matchLimit;
  /**
   * Create a new query from a string containing one or more S-expression
   * patterns.
   *
   * The query is associated with a particular language, and can only be run
   * on syntax nodes parsed with that language. References to Queries can be
   * shared between multiple threads.
   *
   * @link {@see https://tree-sitter.github.io/tree-sitter/using-parsers/queries}
   */
  constructor(language, source) {
    const sourceLength = C.lengthBytesUTF8(source);
    const sourceAddress = C._malloc(sourceLength + 1);
    C.stringToUTF8(source, sourceAddress, sourceLength + 1);
    const address = C._ts_query_new(
      language[0],
      sourceAddress,
      sourceLength,
      TRANSFER_BUFFER,
      TRANSFER_BUFFER + SIZE_OF_INT
    );
    if (!address) {
      const errorId = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
      const errorByte = C.getValue(TRANSFER_BUFFER, "i32");
      const errorIndex = C.UTF8ToString(sourceAddress, errorByte).length;
      const suffix = source.slice(errorIndex, errorIndex + 100).split("\n")[0];
      const word = suffix.match(QUERY_WORD_REGEX)?.[0] ?? "";
      C._free(sourceAddress);
      switch (errorId) {
        case QueryErrorKind.Syntax:
          throw new QueryError(QueryErrorKind.Syntax, { suffix: `${errorIndex}: '${suffix}'...` }, errorIndex, 0);
        case QueryErrorKind.NodeName:
          throw new QueryError(errorId, { word }, errorIndex, word.length);
        case QueryErrorKind.FieldName:
          throw new QueryError(errorId, { word }, errorIndex, word.length);
        case QueryErrorKind.CaptureName:
          throw new QueryError(errorId, { word }, errorIndex, word.length);
        case QueryErrorKind.PatternStructure:
          throw new QueryError(errorId, { suffix: `${errorIndex}: '${suffix}'...` }, errorIndex, 0);
      }
    }
    const stringCount = C._ts_query_string_count(address);
    const captureCount = C._ts_query_capture_count(address);
    const patternCount = C._ts_query_pattern_count(address);
    const captureNames = new Array(captureCount);
    const captureQuantifiers = new Array(patternCount);
    const stringValues = new Array(stringCount);
    for (let i2 = 0; i2 < captureCount; i2++) {
      const nameAddress = C._ts_query_capture_name_for_id(
        address,
        i2,
        TRANSFER_BUFFER
      );
      const nameLength = C.getValue(TRANSFER_BUFFER, "i32");
      captureNames[i2] = C.UTF8ToString(nameAddress, nameLength);
    }
    for (let i2 = 0; i2 < patternCount; i2++) {
      const captureQuantifiersArray = new Array(captureCount);
      for (let j = 0; j < captureCount; j++) {
        const quantifier = C._ts_query_capture_quantifier_for_id(address, i2, j);
        captureQuantifiersArray[j] = quantifier;
      }
      captureQuantifiers[i2] = captureQuantifiersArray;
    }
    for (let i2 = 0; i2 < stringCount; i2++) {
      const valueAddress = C._ts_query_string_value_for_id(
        address,
        i2,
        TRANSFER_BUFFER
      );
      const nameLength = C.getValue(TRANSFER_BUFFER, "i32");
      stringValues[i2] = C.UTF8ToString(valueAddress, nameLength);
    }
    const setProperties = new Array(patternCount);
    const assertedProperties = new Array(patternCount);
    const refutedProperties = new Array(patternCount);
    const predicates = new Array(patternCount);
    const textPredicates = new Array(patternCount);
    for (let i2 = 0; i2 < patternCount; i2++) {
      const predicatesAddress = C._ts_query_predicates_for_pattern(address, i2, TRANSFER_BUFFER);
      const stepCount = C.getValue(TRANSFER_BUFFER, "i32");
      predicates[i2] = [];
      textPredicates[i2] = [];
      const steps = new Array();
      let stepAddress = predicatesAddress;
      for (let j = 0; j < stepCount; j++) {
        const stepType = C.getValue(stepAddress, "i32");
        stepAddress += SIZE_OF_INT;
        const stepValueId = C.getValue(stepAddress, "i32");
        stepAddress += SIZE_OF_INT;
        parsePattern(
          i2,
          stepType,
          stepValueId,
          captureNames,
          stringValues,
          steps,
          textPredicates,
          predicates,
          setProperties,
          assertedProperties,
          refutedProperties
        );
      }
      Object.freeze(textPredicates[i2]);
      Object.freeze(predicates[i2]);
      Object.freeze(setProperties[i2]);
      Object.freeze(assertedProperties[i2]);
      Object.freeze(refutedProperties[i2]);
    }
    C._free(sourceAddress);
    this[0] = address;
    this.captureNames = captureNames;
    this.captureQuantifiers = captureQuantifiers;
    this.textPredicates = textPredicates;
    this.source = source;
    this.predicates = predicates;
    this.setProperties = setProperties;
    this.assertedProperties = assertedProperties;
    this.refutedProperties = refutedProperties;
    this.exceededMatchLimit = false;
    finalizer5?.register(this, address, this);
  }
  /** Delete the query, freeing its resources. */
  delete() {
    finalizer5?.unregister(this);
    C._ts_query_delete(this[0]);
    this[0] = 0;
  }
  /**
   * Iterate over all of the matches in the order that they were found.
   *
   * Each match contains the index of the pattern that matched, and a list of
   * captures. Because multiple patterns can match the same set of nodes,
   * one match may contain captures that appear *before* some of the
   * captures from a previous match.
   *
   * @param {Node} node - The node to execute the query on.
   *
   * @param {QueryOptions} options - Options for query execution.
   */
  matches(node, options = {}) {
    const startPosition = options.startPosition ?? ZERO_POINT;
    const endPosition = options.endPosition ?? ZERO_POINT;
    const startIndex = options.startIndex ?? 0;
    const endIndex = options.endIndex ?? 0;
    const startContainingPosition = options.startContainingPosition ?? ZERO_POINT;
    const endContainingPosition = options.endContainingPosition ?? ZERO_POINT;
    const startContainingIndex = options.startContainingIndex ?? 0;
    const endContainingIndex = options.endContainingIndex ?? 0;
    const matchLimit = options.matchLimit ?? 4294967295;
    const maxStartDepth = options.maxStartDepth ?? 4294967295;
    const progressCallback = options.progressCallback;
    if (typeof matchLimit !== "number") {
      throw new Error("Arguments must be numbers");
    }
    this.matchLimit = matchLimit;
    if (endIndex !== 0 && startIndex > endIndex) {
      throw new Error("`startIndex` cannot be greater than `endIndex`");
    }
    if (endPosition !== ZERO_POINT && (startPosition.row > endPosition.row || startPosition.row === endPosition.row && startPosition.column > endPosition.column)) {
      throw new Error("`startPosition` cannot be greater than `endPosition`");
    }
    if (endContainingIndex !== 0 && startContainingIndex > endContainingIndex) {
      throw new Error("`startContainingIndex` cannot be greater than `endContainingIndex`");
    }
    if (endContainingPosition !== ZERO_POINT && (startContainingPosition.row > endContainingPosition.row || startContainingPosition.row === endContainingPosition.row && startContainingPosition.column > endContainingPosition.column)) {
      throw new Error("`startContainingPosition` cannot be greater than `endContainingPosition`");
    }
    if (progressCallback) {
      C.currentQueryProgressCallback = progressCallback;
    }
    marshalNode(node);
    C._ts_query_matches_wasm(
      this[0],
      node.tree[0],
      startPosition.row,
      startPosition.column,
      endPosition.row,
      endPosition.column,
      startIndex,
      endIndex,
      startContainingPosition.row,
      startContainingPosition.column,
      endContainingPosition.row,
      endContainingPosition.column,
      startContainingIndex,
      endContainingIndex,
      matchLimit,
      maxStartDepth
    );
    const rawCount = C.getValue(TRANSFER_BUFFER, "i32");
    const startAddress = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const didExceedMatchLimit = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
    const result = new Array(rawCount);
    this.exceededMatchLimit = Boolean(didExceedMatchLimit);
    let filteredCount = 0;
    let address = startAddress;
    for (let i2 = 0; i2 < rawCount; i2++) {
      const patternIndex = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captureCount = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captures = new Array(captureCount);
      address = unmarshalCaptures(this, node.tree, address, patternIndex, captures);
      if (this.textPredicates[patternIndex].every((p) => p(captures))) {
        result[filteredCount] = { patternIndex, captures };
        const setProperties = this.setProperties[patternIndex];
        result[filteredCount].setProperties = setProperties;
        const assertedProperties = this.assertedProperties[patternIndex];
        result[filteredCount].assertedProperties = assertedProperties;
        const refutedProperties = this.refutedProperties[patternIndex];
        result[filteredCount].refutedProperties = refutedProperties;
        filteredCount++;
      }
    }
    result.length = filteredCount;
    C._free(startAddress);
    C.currentQueryProgressCallback = null;
    return result;
  }
  /**
   * Iterate over all of the individual captures in the order that they
   * appear.
   *
   * This is useful if you don't care about which pattern matched, and just
   * want a single, ordered sequence of captures.
   *
   * @param {Node} node - The node to execute the query on.
   *
   * @param {QueryOptions} options - Options for query execution.
   */
  captures(node, options = {}) {
    const startPosition = options.startPosition ?? ZERO_POINT;
    const endPosition = options.endPosition ?? ZERO_POINT;
    const startIndex = options.startIndex ?? 0;
    const endIndex = options.endIndex ?? 0;
    const startContainingPosition = options.startContainingPosition ?? ZERO_POINT;
    const endContainingPosition = options.endContainingPosition ?? ZERO_POINT;
    const startContainingIndex = options.startContainingIndex ?? 0;
    const endContainingIndex = options.endContainingIndex ?? 0;
    const matchLimit = options.matchLimit ?? 4294967295;
    const maxStartDepth = options.maxStartDepth ?? 4294967295;
    const progressCallback = options.progressCallback;
    if (typeof matchLimit !== "number") {
      throw new Error("Arguments must be numbers");
    }
    this.matchLimit = matchLimit;
    if (endIndex !== 0 && startIndex > endIndex) {
      throw new Error("`startIndex` cannot be greater than `endIndex`");
    }
    if (endPosition !== ZERO_POINT && (startPosition.row > endPosition.row || startPosition.row === endPosition.row && startPosition.column > endPosition.column)) {
      throw new Error("`startPosition` cannot be greater than `endPosition`");
    }
    if (endContainingIndex !== 0 && startContainingIndex > endContainingIndex) {
      throw new Error("`startContainingIndex` cannot be greater than `endContainingIndex`");
    }
    if (endContainingPosition !== ZERO_POINT && (startContainingPosition.row > endContainingPosition.row || startContainingPosition.row === endContainingPosition.row && startContainingPosition.column > endContainingPosition.column)) {
      throw new Error("`startContainingPosition` cannot be greater than `endContainingPosition`");
    }
    if (progressCallback) {
      C.currentQueryProgressCallback = progressCallback;
    }
    marshalNode(node);
    C._ts_query_captures_wasm(
      this[0],
      node.tree[0],
      startPosition.row,
      startPosition.column,
      endPosition.row,
      endPosition.column,
      startIndex,
      endIndex,
      startContainingPosition.row,
      startContainingPosition.column,
      endContainingPosition.row,
      endContainingPosition.column,
      startContainingIndex,
      endContainingIndex,
      matchLimit,
      maxStartDepth
    );
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const startAddress = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const didExceedMatchLimit = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
    const result = new Array();
    this.exceededMatchLimit = Boolean(didExceedMatchLimit);
    const captures = new Array();
    let address = startAddress;
    for (let i2 = 0; i2 < count; i2++) {
      const patternIndex = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captureCount = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captureIndex = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      captures.length = captureCount;
      address = unmarshalCaptures(this, node.tree, address, patternIndex, captures);
      if (this.textPredicates[patternIndex].every((p) => p(captures))) {
        const capture = captures[captureIndex];
        const setProperties = this.setProperties[patternIndex];
        capture.setProperties = setProperties;
        const assertedProperties = this.assertedProperties[patternIndex];
        capture.assertedProperties = assertedProperties;
        const refutedProperties = this.refutedProperties[patternIndex];
        capture.refutedProperties = refutedProperties;
        result.push(capture);
      }
    }
    C._free(startAddress);
    C.currentQueryProgressCallback = null;
    return result;
  }
  /** Get the predicates for a given pattern. */
  predicatesForPattern(patternIndex) {
    return this.predicates[patternIndex];
  }
  /**
   * Disable a certain capture within a query.
   *
   * This prevents the capture from being returned in matches, and also
   * avoids any resource usage associated with recording the capture.
   */
  disableCapture(captureName) {
    const captureNameLength = C.lengthBytesUTF8(captureName);
    const captureNameAddress = C._malloc(captureNameLength + 1);
    C.stringToUTF8(captureName, captureNameAddress, captureNameLength + 1);
    C._ts_query_disable_capture(this[0], captureNameAddress, captureNameLength);
    C._free(captureNameAddress);
  }
  /**
   * Disable a certain pattern within a query.
   *
   * This prevents the pattern from matching, and also avoids any resource
   * usage associated with the pattern. This throws an error if the pattern
   * index is out of bounds.
   */
  disablePattern(patternIndex) {
    if (patternIndex >= this.predicates.length) {
      throw new Error(
        `Pattern index is ${patternIndex} but the pattern count is ${this.predicates.length}`
      );
    }
    C._ts_query_disable_pattern(this[0], patternIndex);
  }
  /**
   * Check if, on its last execution, this cursor exceeded its maximum number
   * of in-progress matches.
   */
  didExceedMatchLimit() {
    return this.exceededMatchLimit;
  }
  /** Get the index where the given pattern starts in the query's source. */
  startIndexForPattern(patternIndex) {
    if (patternIndex >= this.predicates.length) {
      throw new Error(
        `Pattern index is ${patternIndex} but the pattern count is ${this.predicates.length}`
      );
    }
    const byteOffset = C._ts_query_start_byte_for_pattern(this[0], patternIndex);
    return indexForByteOffset(this.source, byteOffset);
  }
  /** Get the index where the given pattern ends in the query's source. */
  endIndexForPattern(patternIndex) {
    if (patternIndex >= this.predicates.length) {
      throw new Error(
        `Pattern index is ${patternIndex} but the pattern count is ${this.predicates.length}`
      );
    }
    const byteOffset = C._ts_query_end_byte_for_pattern(this[0], patternIndex);
    return indexForByteOffset(this.source, byteOffset);
  }
  /** Get the number of patterns in the query. */
  patternCount() {
    return C._ts_query_pattern_count(this[0]);
  }
  /** Get the index for a given capture name. */
  captureIndexForName(captureName) {
    return this.captureNames.indexOf(captureName);
  }
  /** Check if a given pattern within a query has a single root node. */
  isPatternRooted(patternIndex) {
    return C._ts_query_is_pattern_rooted(this[0], patternIndex) === 1;
  }
  /** Check if a given pattern within a query has a single root node. */
  isPatternNonLocal(patternIndex) {
    return C._ts_query_is_pattern_non_local(this[0], patternIndex) === 1;
  }
  /**
   * Check if the step at the given index in the query's source is 'definite'.
   *
   * A query step is 'definite' if its parent pattern will be guaranteed to
   * match successfully once it reaches the step.
   */
  isPatternGuaranteedAtStep(index) {
    const byteOffset = C.lengthBytesUTF8(this.source.slice(0, index));
    return C._ts_query_is_pattern_guaranteed_at_step(this[0], byteOffset) === 1;
  }
});

const require$1 = createRequire(import.meta.url);
/**
 * The bundles in dist/ carry their wasm files beside them; from src/ (under Jest) they come from node_modules.
 * Both paths are tried in that order so the same code loads in either place.
 */
function locateWasm(fileName, packagePath) {
    const besideThisModule = join$1(dirname(fileURLToPath(import.meta.url)), fileName);
    if (existsSync(besideThisModule))
        return besideThisModule;
    return require$1.resolve(packagePath);
}
let parserReady;
async function createParser() {
    const runtimeWasm = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
    const python = await Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(python);
    return parser;
}
/** One parser per process: loading the grammar costs far more than parsing a typical file. */
async function pythonParser() {
    parserReady ??= createParser();
    return parserReady;
}
async function parsePython(text) {
    const parser = await pythonParser();
    const tree = parser.parse(text);
    if (!tree)
        throw new Error('tree-sitter returned no tree');
    return tree;
}

const CODING_DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'utf_8', 'utf-8-sig', 'utf_8_sig']);
function declaredEncoding(bytes) {
    const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').split(/\r?\n/, 2);
    for (const line of head) {
        const match = CODING_DECLARATION.exec(line);
        if (match)
            return match[1].toLowerCase();
        if (!/^\s*(#.*)?$/.test(line))
            break;
    }
    return undefined;
}
/** Python's names for ISO-8859-1, which maps every byte to the code point of the same value. */
const LATIN1_NAMES = new Set([
    'latin-1',
    'latin_1',
    'latin1',
    'iso-8859-1',
    'iso8859-1',
    'iso_8859_1',
    'l1',
    '8859',
    'cp819',
]);
/** Python codec names that WHATWG's TextDecoder spells differently. */
const CODEC_ALIASES = {
    cp1252: 'windows-1252',
    cp1251: 'windows-1251',
    cp1250: 'windows-1250',
};
function decodePythonSource(bytes) {
    const declared = declaredEncoding(bytes);
    // TextDecoder's "latin1" is windows-1252, which differs from Python's latin-1 in 0x80-0x9F.
    if (declared && LATIN1_NAMES.has(declared))
        return { text: Buffer.from(bytes).toString('latin1') };
    const encoding = declared && !UTF8_NAMES.has(declared) ? (CODEC_ALIASES[declared] ?? declared.replace(/_/g, '-')) : 'utf-8';
    let decoder;
    try {
        decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
    }
    catch {
        return {
            text: new TextDecoder('utf-8').decode(bytes),
            encodingProblem: `declares the unknown encoding "${declared}"; read as UTF-8`,
        };
    }
    try {
        return { text: decoder.decode(bytes) };
    }
    catch {
        return {
            text: new TextDecoder(encoding).decode(bytes),
            encodingProblem: declared
                ? `is not valid ${declared} as its coding declaration says; undecodable bytes were replaced`
                : 'is not valid UTF-8 (and declares no other encoding); undecodable bytes were replaced',
        };
    }
}

const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
function toRepoPath(repoRoot, absPath) {
    return relative(repoRoot, absPath).split(sep).join('/');
}
function isInside(root, candidate) {
    const rel = relative(root, candidate);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} bytes`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}
function firstSyntaxError(node) {
    if (node.isError || node.isMissing)
        return node;
    for (const child of node.children) {
        if (child && child.hasError)
            return firstSyntaxError(child) ?? child;
    }
    return undefined;
}
/**
 * Reads and parses each file at most once per scan and turns unreadable input into notes: binary files,
 * files over the size limit, undecodable text, symlinks that leave the repository, syntax errors.
 */
class SourceStore {
    repoRoot;
    maxFileBytes;
    problems = [];
    texts = new Map();
    trees = new Map();
    realRoot;
    parseCount = 0;
    readCount = 0;
    constructor(repoRoot, maxFileBytes = DEFAULT_MAX_FILE_BYTES) {
        this.repoRoot = repoRoot;
        this.maxFileBytes = maxFileBytes;
        this.realRoot = realpathSync(repoRoot);
    }
    repoPath(absPath) {
        return toRepoPath(this.repoRoot, absPath);
    }
    skip(absPath, message, fix) {
        this.problems.push({ kind: 'file-skipped', span: fileStartSpan(this.repoPath(absPath)), message, fix });
        return null;
    }
    read(absPath) {
        if (!this.texts.has(absPath))
            this.texts.set(absPath, this.load(absPath));
        return this.texts.get(absPath) ?? undefined;
    }
    load(absPath) {
        this.readCount += 1;
        const file = this.repoPath(absPath);
        try {
            if (lstatSync(absPath).isSymbolicLink()) {
                const target = realpathSync(absPath);
                if (!isInside(this.realRoot, target)) {
                    return this.skip(absPath, `${file} is a symbolic link to ${target}, outside the repository; it was not read.`, 'Keep scanned sources inside the repository, or exclude this path in the config file.');
                }
            }
            const size = statSync(absPath).size;
            if (size > this.maxFileBytes) {
                return this.skip(absPath, `${file} is ${formatBytes(size)}, over the ${formatBytes(this.maxFileBytes)} limit for a source file; it was not scanned.`, 'Exclude generated or vendored files in the config file, or raise max-file-size there.');
            }
            const bytes = readFileSync(absPath);
            if (bytes.includes(0)) {
                return this.skip(absPath, `${file} contains NUL bytes, so it is not Python source; it was not scanned.`, 'Exclude binary files from the scan in the config file.');
            }
            const decoded = decodePythonSource(bytes);
            if (decoded.encodingProblem) {
                this.problems.push({
                    kind: 'file-skipped',
                    span: fileStartSpan(file),
                    message: `${file} ${decoded.encodingProblem}; Python would refuse to import it.`,
                    fix: 'Save the file as UTF-8, or declare its real encoding on line 1 or 2 (# -*- coding: latin-1 -*-).',
                });
            }
            return { absPath, file, text: decoded.text };
        }
        catch (error) {
            return this.skip(absPath, `${file} could not be read: ${error.message}.`, 'Check the file permissions.');
        }
    }
    /** The text of a file that must contain at least one of `words` to be worth parsing, else undefined. */
    readIfMentions(absPath, words) {
        const source = this.read(absPath);
        if (!source)
            return undefined;
        return words.some((word) => source.text.includes(word)) ? source : undefined;
    }
    parse(absPath) {
        let parsed = this.trees.get(absPath);
        if (!parsed) {
            parsed = this.parseOnce(absPath);
            this.trees.set(absPath, parsed);
        }
        return parsed;
    }
    async parseOnce(absPath) {
        const source = this.read(absPath);
        if (!source)
            return undefined;
        this.parseCount += 1;
        const tree = await parsePython(source.text);
        if (tree.rootNode.hasError) {
            const errorNode = firstSyntaxError(tree.rootNode) ?? tree.rootNode;
            const span = spanOf(errorNode, source.file);
            this.problems.push({
                kind: 'python-syntax-error',
                span: { ...span, endLine: span.line, endColumn: span.line === span.endLine ? span.endColumn : span.column + 1 },
                message: `${source.file} has a syntax error at line ${span.line}, column ${span.column}; the rest of the file was still checked, but findings near the error may be missing.`,
                fix: 'Fix the syntax error (python -m py_compile shows it).',
            });
        }
        return { ...source, tree };
    }
}

/** A reason the scan cannot start; the CLI turns it into exit code 2 with this message. */
class DiscoveryError extends UsageError {
}
const DECLARATION = [
    /(?:^|[^\w])(?:os\.)?environ\.setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/m,
    /(?:^|[^\w])(?:os\.)?environ\[\s*["']DJANGO_SETTINGS_MODULE["']\s*\]\s*=\s*["']([\w.]+)["']/m,
];
/** The settings module a manage.py / wsgi.py / asgi.py selects with `os.environ.setdefault(...)`. */
function declaredSettingsModule(text) {
    const code = text
        .split(/\r?\n/)
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n');
    for (const pattern of DECLARATION) {
        const match = pattern.exec(code);
        if (match)
            return match[1];
    }
    return undefined;
}
/** Files where deployments commonly set the settings module: containers, process files, platform configs. */
const DEPLOYMENT_FILE = /^(Dockerfile([.-].*)?|.*\.Dockerfile|(docker-)?compose([.-].*)?\.ya?ml|Procfile|app\.ya?ml|app\.json|fly\.toml|render\.ya?ml|heroku\.yml)$/i;
const DEPLOYMENT_SETTING = /DJANGO_SETTINGS_MODULE["']?\s*[=:]\s*["']?([A-Za-z_][\w.]*)/g;
/** Modules named like these are for tests and CI, not for deployment. */
const NON_PRODUCTION_MODULE = /(^|\.)(tests?|testing|ci|test_settings)$/;
function deploymentHints(folders) {
    const hints = [];
    for (const folder of new Set(folders)) {
        let names;
        try {
            names = readdirSync(folder);
        }
        catch {
            continue;
        }
        for (const name of names.filter((n) => DEPLOYMENT_FILE.test(n)).sort()) {
            const file = join$1(folder, name);
            for (const match of readText(file).matchAll(DEPLOYMENT_SETTING)) {
                const module = match[1];
                if (!NON_PRODUCTION_MODULE.test(module) && !hints.some((h) => h.module === module))
                    hints.push({ file, module });
            }
        }
    }
    return hints;
}
function readText(path) {
    try {
        return readFileSync(path, 'utf8');
    }
    catch {
        return '';
    }
}
function isUnder(path, folder) {
    return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
function entryPointsUnder(root, pythonFiles) {
    return pythonFiles.filter((file) => {
        const name = basename(file);
        return (name === 'wsgi.py' || name === 'asgi.py') && isUnder(file, root);
    });
}
/**
 * The folders Django would run from: each manage.py's, and for a wsgi.py/asgi.py with no manage.py
 * above it, the folder above its package (where `config.wsgi` is importable from).
 */
function projectRoots(path, manageFiles, pythonFiles) {
    const manageRoots = manageFiles.map((file) => dirname(file));
    const orphanRoots = entryPointsUnder(path, pythonFiles)
        .filter((entry) => !manageRoots.some((root) => isUnder(entry, root)))
        .map((entry) => {
        const root = dirname(dirname(entry));
        return isUnder(root, path) ? root : path;
    });
    const roots = [...new Set([...manageRoots, ...orphanRoots])];
    return roots.length > 0 ? roots : [path];
}
function describeCandidates(root, name) {
    const base = join$1(root, ...name.split('.'));
    return `${base}.py or ${join$1(base, '__init__.py')}`;
}
function discoverProjects(options) {
    const { path, repoRoot, manageFiles, pythonFiles } = options;
    const fromEnvironment = options.givenEnvironment.get('DJANGO_SETTINGS_MODULE') ?? options.processEnvironment.DJANGO_SETTINGS_MODULE;
    const roots = projectRoots(path, manageFiles, pythonFiles);
    if (manageFiles.length === 0 && !options.settingsOption && !fromEnvironment) {
        const entryPoints = entryPointsUnder(path, pythonFiles);
        if (entryPoints.length === 0) {
            throw new DiscoveryError(`no Django project found in ${path}: looked for manage.py, wsgi.py and asgi.py (git-ignored folders and virtualenvs are skipped); pass the project folder or --settings MODULE`);
        }
    }
    const projects = [];
    const failures = [];
    for (const root of roots) {
        const manageFile = manageFiles.find((file) => dirname(file) === root);
        const resolver = new ModuleResolver([root], options.isShipped);
        const nestedRoots = roots.filter((other) => other !== root && isUnder(other, root));
        const entryPoints = entryPointsUnder(root, pythonFiles).filter((file) => !nestedRoots.some((nested) => isUnder(file, nested)));
        // Each entry point is read once, though both the choice and the remarks ask what it selects.
        const declared = new Map();
        const declaredBy = (file) => {
            if (!declared.has(file))
                declared.set(file, declaredSettingsModule(readText(file)));
            return { name: declared.get(file), file };
        };
        const candidates = [
            { name: options.settingsOption, chosenBy: '--settings' },
            {
                name: options.givenEnvironment.get('DJANGO_SETTINGS_MODULE'),
                chosenBy: 'DJANGO_SETTINGS_MODULE in the given environment',
            },
            {
                name: options.processEnvironment.DJANGO_SETTINGS_MODULE,
                chosenBy: 'DJANGO_SETTINGS_MODULE in the environment',
            },
            ...(manageFile ? [{ name: declaredBy(manageFile).name, chosenBy: toRepoPath(repoRoot, manageFile) }] : []),
            ...entryPoints.map((file) => ({ name: declaredBy(file).name, chosenBy: toRepoPath(repoRoot, file) })),
        ];
        const chosen = candidates.find((candidate) => candidate.name);
        if (!chosen?.name) {
            failures.push(`no settings module for the project in ${toRepoPath(repoRoot, root) || '.'}: none given with --settings or DJANGO_SETTINGS_MODULE, and ${manageFile ? 'manage.py' : 'no manage.py'}${entryPoints.length ? ', wsgi.py or asgi.py' : ''} does not set one with os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`);
            continue;
        }
        const resolved = resolver.resolve(chosen.name, 0, join$1(root, 'manage.py'));
        if (!resolved) {
            failures.push(`settings module ${chosen.name} (from ${chosen.chosenBy}) not found: looked for ${describeCandidates(root, chosen.name)}`);
            continue;
        }
        const remarks = [];
        const chosenByUser = chosen.chosenBy === '--settings' || chosen.chosenBy.startsWith('DJANGO_SETTINGS_MODULE');
        if (!chosenByUser) {
            for (const hint of deploymentHints([root, options.repoRoot])) {
                if (hint.module !== chosen.name && resolver.resolve(hint.module, 0, join$1(root, 'manage.py'))) {
                    remarks.push(`${toRepoPath(repoRoot, hint.file)} sets DJANGO_SETTINGS_MODULE=${hint.module} for deployment, while ${chosen.chosenBy} selects ${chosen.name}; the scan judges ${chosen.name}. Pass --settings ${hint.module} to judge what the deployment runs.`);
                }
            }
        }
        for (const entry of entryPoints) {
            const other = declaredBy(entry).name;
            if (other && other !== chosen.name && chosen.chosenBy !== '--settings') {
                remarks.push(`${toRepoPath(repoRoot, entry)} selects ${other} while ${chosen.chosenBy} selects ${chosen.name}; the scan judges ${chosen.name}. Pass --settings ${other} if that is what production runs.`);
            }
        }
        projects.push({
            root,
            manageFile,
            settings: { name: chosen.name, absPath: resolved.absPath, file: toRepoPath(repoRoot, resolved.absPath) },
            chosenBy: chosen.chosenBy,
            remarks: [...new Set(remarks)],
        });
    }
    if (projects.length === 0)
        throw new DiscoveryError(failures.join('; '));
    return { projects, skipped: failures };
}

/**
 * Every `.py` file under `root` that the project ships, in a stable order: git-ignored paths, virtualenvs
 * (any folder with a pyvenv.cfg) and tool folders are left out, and symlinked folders are not followed.
 */
function walkPythonFiles(root, ignoreRules) {
    const pythonFiles = [];
    const manageFiles = [];
    const pending = [root];
    while (pending.length > 0) {
        const folder = pending.pop();
        let entries;
        try {
            entries = readdirSync(folder, { withFileTypes: true });
        }
        catch {
            continue;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const subfolders = [];
        for (const entry of entries) {
            const path = join$1(folder, entry.name);
            if (entry.isDirectory()) {
                if (isAlwaysSkipped(entry.name) || ignoreRules.isIgnored(path, true))
                    continue;
                if (existsSync(join$1(path, 'pyvenv.cfg')))
                    continue;
                subfolders.push(path);
            }
            else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.py')) {
                if (ignoreRules.isIgnored(path))
                    continue;
                pythonFiles.push(path);
                if (entry.name === 'manage.py')
                    manageFiles.push(path);
            }
        }
        pending.push(...subfolders.reverse());
    }
    return { pythonFiles, manageFiles };
}

/**
 * What the config file says about the deployment, and what the project's requirements say about the
 * libraries whose behaviour the settings rules depend on (django-csp 3 and 4 read different settings).
 */
function detectDeploymentFacts(folders, config, repoRoot) {
    const facts = { tlsTerminatedByProxy: config.tlsTerminatedByProxy };
    const csp = findPackageSpecifier(folders, 'django-csp', repoRoot);
    if (csp) {
        // An unpinned requirement installs the newest release, which is django-csp 4.
        const version = csp.specifier
            ? seriesFromSpecifier(csp.specifier, [
                [3, 0],
                [4, 0],
            ])
            : [4, 0];
        if (version) {
            facts.djangoCspMajor = version[0];
            facts.djangoCspSource = csp.file;
        }
    }
    return facts;
}

/**
 * The environment `manage.py` runs with: the scanner's own, minus everything that would hand the action's
 * credentials or the runner's command files to project code, plus the production environment the user gave.
 */
const SCRUBBED_NAMES = new Set([
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'GITHUB_ENV',
    'GITHUB_OUTPUT',
    'GITHUB_PATH',
    'GITHUB_STATE',
    'GITHUB_STEP_SUMMARY',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
]);
function isScrubbed(name) {
    const upper = name.toUpperCase();
    return upper.startsWith('INPUT_') || upper.startsWith('ACTIONS_') || SCRUBBED_NAMES.has(upper);
}
function childEnvironment(inherited, given, settingsModule) {
    const environment = {};
    for (const [name, value] of Object.entries(inherited)) {
        if (value !== undefined && !isScrubbed(name))
            environment[name] = value;
    }
    for (const [name, value] of given)
        environment[name] = value;
    environment.DJANGO_SETTINGS_MODULE = settingsModule;
    // Python's own output encoding, so messages in any language parse the same way.
    environment.PYTHONIOENCODING = 'utf-8';
    environment.PYTHONUNBUFFERED = '1';
    return environment;
}

/** The setting each Django check is about, so a message lands where that setting is (or should be) assigned. */
const CHECK_SETTINGS = {
    'security.W001': 'MIDDLEWARE',
    'security.W002': 'MIDDLEWARE',
    'security.W003': 'MIDDLEWARE',
    'security.W004': 'SECURE_HSTS_SECONDS',
    'security.W005': 'SECURE_HSTS_INCLUDE_SUBDOMAINS',
    'security.W006': 'SECURE_CONTENT_TYPE_NOSNIFF',
    'security.W008': 'SECURE_SSL_REDIRECT',
    'security.W009': 'SECRET_KEY',
    'security.W010': 'SESSION_COOKIE_SECURE',
    'security.W011': 'SESSION_COOKIE_SECURE',
    'security.W012': 'SESSION_COOKIE_SECURE',
    'security.W013': 'SESSION_COOKIE_HTTPONLY',
    'security.W014': 'SESSION_COOKIE_HTTPONLY',
    'security.W015': 'SESSION_COOKIE_HTTPONLY',
    'security.W016': 'CSRF_COOKIE_SECURE',
    'security.W018': 'DEBUG',
    'security.W019': 'X_FRAME_OPTIONS',
    'security.W020': 'ALLOWED_HOSTS',
    'security.W021': 'SECURE_HSTS_PRELOAD',
    'security.W022': 'SECURE_REFERRER_POLICY',
    'security.E023': 'SECURE_REFERRER_POLICY',
    'security.E024': 'SECURE_CROSS_ORIGIN_OPENER_POLICY',
    'security.W025': 'SECRET_KEY_FALLBACKS',
    'security.E026': 'SECURE_CSP',
    'security.W027': 'SECURE_CSP',
    'security.E100': 'DEFAULT_HASHING_ALGORITHM',
    'security.E101': 'CSRF_FAILURE_VIEW',
    'security.E102': 'CSRF_FAILURE_VIEW',
    'caches.E001': 'CACHES',
    'caches.W002': 'CACHES',
    'caches.W003': 'CACHES',
    'mail.E001': 'MAILERS',
    'mail.W001': 'MAILERS',
    '4_0.E001': 'CSRF_TRUSTED_ORIGINS',
    'templates.E001': 'TEMPLATES',
    'templates.E002': 'TEMPLATES',
    'templates.W003': 'TEMPLATES',
    'urls.W001': 'ROOT_URLCONF',
    'urls.W002': 'ROOT_URLCONF',
    'urls.E004': 'ROOT_URLCONF',
    'staticfiles.E001': 'STATICFILES_DIRS',
    'staticfiles.E002': 'STATICFILES_DIRS',
    'models.W042': 'DEFAULT_AUTO_FIELD',
};
function settingOfCheck(id) {
    return CHECK_SETTINGS[id];
}

function ruleMirroring(id) {
    return ALL_RULES.find((rule) => rule.djangoChecks.includes(id));
}
/**
 * Django's levels as Django means them: security checks keep theirs; other errors break the deploy and
 * are errors; other warnings and infos (a third-party app's model warnings) are notes, so they inform
 * without blocking merges.
 */
function levelOfMessage(message) {
    const serious = message.level === 'error' || message.level === 'critical';
    if (message.id?.startsWith('security.'))
        return serious ? 'error' : message.level === 'warning' ? 'warning' : 'note';
    return serious ? 'error' : 'note';
}
function placement(id, settings) {
    const setting = id ? settingOfCheck(id) : undefined;
    return setting ? settings.get(setting).origin : settings.moduleSpan;
}
function oneLine(text) {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}
/**
 * Folds Django's answer into the static findings: a message a static rule also found becomes one finding
 * (source "both") at the static location; a message no static finding matched is placed at its setting;
 * a static prediction Django did not confirm keeps both facts.
 */
function mergeDeployCheck(staticFindings, parsed, context) {
    const merged = staticFindings.map((entry) => ({ ...entry, problem: { ...entry.problem } }));
    const reportedIds = new Set(parsed.messages.map((message) => message.id).filter(Boolean));
    const silenced = silencedChecks(context.settings);
    for (const message of parsed.messages) {
        const id = message.id;
        const matches = id ? merged.filter((entry) => entry.problem.djangoCheck === id) : [];
        if (matches.length > 0) {
            for (const entry of matches) {
                entry.source = 'both';
                const confirmation = ` Django's check --deploy confirms it (${id}).`;
                if (!entry.problem.message.endsWith(confirmation))
                    entry.problem.message += confirmation;
            }
            continue;
        }
        const owner = id ? ruleMirroring(id) : undefined;
        const setting = id ? settingOfCheck(id) : undefined;
        const text = oneLine(message.message);
        merged.push({
            rule: owner ?? djangoCheck,
            source: 'deploy-check',
            problem: {
                span: placement(id, context.settings),
                level: owner ? undefined : levelOfMessage(message),
                message: `Django's check --deploy reports${message.object !== '?' ? ` for ${message.object}` : ''}: ${text}${id ? ` (${id})` : ''}`,
                fix: message.hint ? oneLine(message.hint) : `See Django's system check reference for ${id ?? 'this message'}`,
                ...(id ? { djangoCheck: id } : {}),
                ...(setting ? { setting } : {}),
            },
        });
    }
    for (const entry of merged) {
        const id = entry.problem.djangoCheck;
        if (entry.source !== 'static' || !id || reportedIds.has(id))
            continue;
        entry.problem.message += silenced.has(id)
            ? ` Django's check --deploy is told to ignore ${id} (SILENCED_SYSTEM_CHECKS); the problem stays.`
            : ` Django's check --deploy did not report ${id} with the environment it ran in.`;
    }
    return merged;
}
function silencedChecks(settings) {
    const ids = new Set();
    for (const value of outcomes(settings.get('SILENCED_SYSTEM_CHECKS').value)) {
        if (value.kind === 'list' || value.kind === 'tuple') {
            for (const item of value.items)
                if (item.kind === 'str')
                    ids.add(item.value);
        }
    }
    return ids;
}
/** The innermost traceback frame in the repository: where the settings actually broke. */
function failureSpan(frames, context) {
    for (const frame of [...frames].reverse()) {
        // "<frozen runpy>", "<string>": Python's own code, not a file of the project.
        if (frame.file.startsWith('<'))
            continue;
        const absolute = resolve(context.project.root, frame.file);
        if (!existsSync(absolute))
            continue;
        const inProject = relative(context.project.root, absolute);
        const installed = /[\\/](site|dist)-packages[\\/]|[\\/]\.cache[\\/]|[\\/]\.?venv[\\/]/.test(absolute);
        if (inProject && !inProject.startsWith('..') && !installed && inProject !== 'manage.py') {
            const file = relative(context.repoRoot, absolute).split(sep).join('/');
            return { file, line: frame.line, column: 1, endLine: frame.line, endColumn: 1 };
        }
    }
    return fileStartSpan(context.settings.module.file);
}
/** What to provide so the check can run, read from the error Django or Python raised. */
function hintForFailure(lastLine, run, settings) {
    const envInput = (name) => `Provide ${name} in the production environment the check runs with (--env ${name}=... on the command line, or the env input of the action)`;
    const missingVariable = /KeyError: '([A-Za-z_][\w]*)'/.exec(lastLine)?.[1] ??
        /Set the ([A-Za-z_]\w*) environment variable/.exec(lastLine)?.[1] ??
        /UndefinedValueError: ([A-Za-z_]\w*) not found/.exec(lastLine)?.[1];
    if (missingVariable)
        return envInput(missingVariable);
    if (/SECRET_KEY setting must not be empty/.test(lastLine)) {
        const read = settings.get('SECRET_KEY').value.env[0]?.variable;
        return `${read ? envInput(read) : 'Set SECRET_KEY for the check'}: use a random value of 50+ characters, not the real key`;
    }
    const unknownTag = /There is no system check with the "([^"]+)" tag/.exec(lastLine)?.[1];
    if (unknownTag) {
        return `"${unknownTag}" is not a check tag this Django knows: fix deploy-check-tags in the config file (manage.py check --list-tags lists the tags)`;
    }
    if (/No module named '?django'?(\s|$)|Couldn't import Django/.test(lastLine)) {
        return `Install Django for ${run.command.split(' ')[0]} (pip install -r requirements.txt), or point --python / the python input at the interpreter that has it`;
    }
    const module = /No module named '([\w.]+)'/.exec(lastLine)?.[1];
    if (module)
        return `Install the project's requirements for this interpreter (the module ${module} is missing), e.g. pip install -r requirements.txt`;
    if (/psycopg|mysqlclient|MySQLdb/.test(lastLine))
        return "Install the project's database driver for this interpreter (pip install -r requirements.txt)";
    return 'Make the settings import in CI with the production environment given through --env / the env input';
}
function deployCheckFailure(run, parsed, context, timeoutSeconds) {
    const where = fileStartSpan(context.settings.module.file);
    let message;
    let fix;
    let span = where;
    if (run.notFound) {
        message = `\`${run.command}\` could not start: ${run.notFound.split('\n')[0]}.`;
        fix =
            "Install Python with the project's requirements, or pass --python / the python input with the interpreter to use";
    }
    else if (run.timedOut) {
        message = `\`${run.command}\` did not finish within ${timeoutSeconds} seconds, so its checks did not run.`;
        fix =
            'Find what blocks at import (a database or network call in the settings), or raise deploy-check-timeout in the config file';
    }
    else {
        const lastLine = parsed?.lastLine || `exit code ${run.exitCode} with no output`;
        span = parsed ? failureSpan(parsed.frames, context) : where;
        message = `\`${run.command}\` could not run its checks: ${lastLine}`;
        fix = hintForFailure(lastLine, run, context.settings);
    }
    return {
        rule: deployCheckFailed,
        source: 'deploy-check',
        problem: { span, message, fix, level: context.failureLevel, setting: undefined },
    };
}

/** What Django's check framework printed, read back into structure (Django 3.2 to 6.x print the same way). */
const GROUPS = {
    CRITICALS: 'critical',
    ERRORS: 'error',
    WARNINGS: 'warning',
    INFOS: 'info',
    DEBUGS: 'debug',
};
const FOOTER = /^System check identified (?:no issues|\d+ issues?) \((\d+) silenced\)\.$/m;
const ENTRY_WITH_ID = /^(\S[^\n]*?): \(([\w.-]+)\) (.*)$/;
const ENTRY_WITHOUT_ID = /^(\?|[\w.]+): (.*)$/;
const FRAME = /^\s*File "([^"]+)", line (\d+)/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function parseMessages(text) {
    const messages = [];
    let level;
    let current;
    // A blank line ends a group, or sits inside a multi-line message: the next line tells which.
    let blankLines = 0;
    for (const line of text.split(/\r?\n/)) {
        const group = /^([A-Z]+):$/.exec(line);
        if (group && GROUPS[group[1]]) {
            level = GROUPS[group[1]];
            current = undefined;
            continue;
        }
        if (!level)
            continue;
        if (line.trim() === '') {
            blankLines += 1;
            continue;
        }
        if (FOOTER.test(line))
            break;
        const blanks = '\n'.repeat(blankLines);
        blankLines = 0;
        const hint = /^\tHINT: (.*)$/.exec(line);
        if (hint && current) {
            current.hint = hint[1];
            continue;
        }
        const withId = ENTRY_WITH_ID.exec(line);
        if (withId) {
            current = { level, object: withId[1], id: withId[2], message: withId[3] };
            messages.push(current);
            continue;
        }
        const withoutId = ENTRY_WITHOUT_ID.exec(line);
        if (withoutId && !current) {
            current = { level, object: withoutId[1], message: withoutId[2] };
            messages.push(current);
            continue;
        }
        if (current) {
            if (current.hint !== undefined)
                current.hint += `\n${blanks}${line.trim()}`;
            else
                current.message += `\n${blanks}${line}`;
        }
    }
    return messages;
}
/**
 * Reads `check --deploy` output from both streams: issues go to stderr (after "SystemCheckError:" when
 * one reaches the fail level), "no issues" to stdout. Output without Django's closing line means the
 * command did not get to run its checks: the traceback's last line says why.
 */
function parseCheckOutput(stdout, stderr) {
    const out = stdout.replace(ANSI, '');
    const err = stderr.replace(ANSI, '');
    for (const stream of [err, out]) {
        const footer = FOOTER.exec(stream);
        if (footer)
            return { kind: 'result', messages: parseMessages(stream), silenced: Number(footer[1]) };
    }
    const lines = err.split(/\r?\n/).filter((line) => line.trim() !== '');
    const frames = [];
    for (const line of lines) {
        const frame = FRAME.exec(line);
        if (frame)
            frames.push({ file: frame[1], line: Number(frame[2]) });
    }
    const exception = [...lines]
        .reverse()
        .find((line) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Configured|Warning)?(: |$)/.test(line) &&
        !line.startsWith(' '));
    return {
        kind: 'failure',
        lastLine: (exception ?? lines.at(-1) ?? out.trim().split('\n').at(-1) ?? '').trim(),
        frames,
    };
}

var __awaiter$3 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs.promises;
// export const {open} = 'fs'
const IS_WINDOWS$1 = process.platform === 'win32';
fs.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter$3(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS$1) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter$3(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS$1) {
                // on Windows, test for valid extension
                const upperExt = path.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS$1) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path.dirname(filePath);
                        const upperName = path.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS$1) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}

var __awaiter$2 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter$2(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS$1) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter$2(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS$1 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(path.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}

var __awaiter$1 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends events.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(os.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + os.EOL.length);
                n = s.indexOf(os.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter$1(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = path.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter$1(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = child.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends events.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = setTimeout$1(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}

var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return __awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return __awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}

const VERSION_MARKER = 'django-security-gate: django ';
const TIMEOUT_MARKER = 'django-security-gate: timed out';
/**
 * A few lines of Python in front of manage.py: report the Django version it imports, and end the run
 * after the timeout from inside Python (faulthandler), so the time limit works wherever Python runs.
 */
function launcher(timeoutSeconds, args) {
    return [
        'import faulthandler, runpy, sys',
        `faulthandler.dump_traceback_later(${timeoutSeconds}, exit=True)`,
        'try:',
        '    import django',
        `    sys.stderr.write(${JSON.stringify(VERSION_MARKER)} + django.get_version() + "\\n")`,
        'except Exception:',
        '    pass',
        `sys.argv = ${JSON.stringify(['manage.py', ...args])}`,
        'runpy.run_path("manage.py", run_name="__main__")',
    ].join('\n');
}
/** Runs `manage.py check --deploy` the way a developer would, through @actions/exec, and captures it. */
async function runDeployCheck(request) {
    const args = ['check', '--deploy', ...request.tags.flatMap((tag) => ['--tag', tag])];
    const command = `${request.python} manage.py ${args.join(' ')}`;
    const started = Date.now();
    try {
        const output = await getExecOutput(request.python, ['-c', launcher(request.timeoutSeconds, args)], {
            cwd: request.cwd,
            env: request.env,
            silent: true,
            ignoreReturnCode: true,
        });
        let stderr = output.stderr;
        let djangoVersion;
        const versionLine = stderr.split('\n').find((line) => line.startsWith(VERSION_MARKER));
        if (versionLine) {
            djangoVersion = versionLine.slice(VERSION_MARKER.length).trim();
            stderr = stderr.replace(`${versionLine}\n`, '');
        }
        const timedOut = /^Timeout \(\d+:\d\d:\d\d\)!$/m.test(stderr);
        return {
            command,
            exitCode: output.exitCode,
            stdout: output.stdout,
            stderr: timedOut ? `${TIMEOUT_MARKER}\n${stderr}` : stderr,
            djangoVersion,
            timedOut,
            durationMs: Date.now() - started,
        };
    }
    catch (error) {
        return {
            command,
            exitCode: -1,
            stdout: '',
            stderr: '',
            timedOut: false,
            notFound: error.message,
            durationMs: Date.now() - started,
        };
    }
}

/** The nearest folder at or above `start` that holds `.git`, else `start` itself (design.md, "Finding"). */
function findRepositoryRoot(start) {
    const absolute = resolve(start);
    for (let dir = absolute;; dir = dirname(dir)) {
        if (existsSync(join$1(dir, '.git')))
            return dir;
        if (dirname(dir) === dir)
            return absolute;
    }
}

/**
 * Accepted findings, by fingerprint with a count, so a baseline survives line shifts and a second copy of
 * an accepted problem is still new.
 */
function readBaseline(path) {
    let parsed;
    try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
    }
    catch (error) {
        throw new UsageError(`baseline ${path} cannot be read: ${error.message}`);
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.findings)) {
        throw new UsageError(`baseline ${path} is not a django-security-gate baseline (expected {"version": 1, "findings": [...]})`);
    }
    const counts = new Map();
    for (const entry of parsed.findings) {
        if (typeof entry?.fingerprint === 'string')
            counts.set(entry.fingerprint, (counts.get(entry.fingerprint) ?? 0) + (entry.count ?? 1));
    }
    return counts;
}
function writeBaseline(path, findings) {
    const entries = new Map();
    for (const finding of findings) {
        const entry = entries.get(finding.fingerprint);
        if (entry)
            entry.count += 1;
        else
            entries.set(finding.fingerprint, {
                fingerprint: finding.fingerprint,
                ruleId: finding.ruleId,
                file: finding.file,
                count: 1,
            });
    }
    const file = { version: 1, findings: [...entries.values()] };
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}
/** Splits findings into new ones and those the baseline accepts. */
function applyBaseline(findings, accepted) {
    const remaining = new Map(accepted);
    const fresh = [];
    let baselined = 0;
    for (const finding of findings) {
        const left = remaining.get(finding.fingerprint) ?? 0;
        if (left > 0) {
            remaining.set(finding.fingerprint, left - 1);
            baselined += 1;
        }
        else {
            fresh.push(finding);
        }
    }
    return { fresh, baselined };
}

function failsGate(level, failOn) {
    return failOn !== 'never' && LEVEL_RANK[level] >= LEVEL_RANK[failOn];
}
function summarise(findings, failOn) {
    const summary = { error: 0, warning: 0, note: 0, passed: true };
    for (const finding of findings) {
        summary[finding.level] += 1;
        if (failsGate(finding.level, failOn))
            summary.passed = false;
    }
    return summary;
}

/**
 * Django's global defaults for the settings the rules read (django/conf/global_settings.py). They hold for
 * Django 3.2 to 6.1 for every setting listed here.
 */
const DJANGO_DEFAULTS = {
    DEBUG: false,
    ALLOWED_HOSTS: [],
    SECRET_KEY: '',
    SECRET_KEY_FALLBACKS: [],
    MIDDLEWARE: [],
    INSTALLED_APPS: [],
    DATABASES: {},
    EMAIL_HOST_PASSWORD: '',
    SECURE_HSTS_SECONDS: 0,
    SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
    SECURE_HSTS_PRELOAD: false,
    SECURE_CONTENT_TYPE_NOSNIFF: true,
    SECURE_SSL_REDIRECT: false,
    SECURE_PROXY_SSL_HEADER: null,
    SECURE_REFERRER_POLICY: 'same-origin',
    SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin',
    SESSION_COOKIE_SECURE: false,
    SESSION_COOKIE_HTTPONLY: true,
    CSRF_COOKIE_SECURE: false,
    CSRF_COOKIE_HTTPONLY: false,
    CSRF_USE_SESSIONS: false,
    X_FRAME_OPTIONS: 'DENY',
};
function plainToValue(plain, span) {
    if (plain === null)
        return make('none', {}, span);
    if (typeof plain === 'boolean')
        return make('bool', { value: plain }, span);
    if (typeof plain === 'number')
        return make(Number.isInteger(plain) ? 'int' : 'float', { value: plain }, span);
    if (typeof plain === 'string')
        return make('str', { value: plain }, span);
    if (Array.isArray(plain))
        return make('list', { items: plain.map((item) => plainToValue(item, span)) }, span);
    const entries = Object.entries(plain).map(([k, v]) => [
        make('str', { value: k }, span),
        plainToValue(v, span),
    ]);
    return make('dict', { entries }, span);
}

/** One setting as production would see it, with where it came from. */
class Setting {
    name;
    value;
    assignedAt;
    fallbackSpan;
    constructor(name, value, 
    /** The statement that last assigned it; undefined when Django's default applies. */
    assignedAt, fallbackSpan) {
        this.name = name;
        this.value = value;
        this.assignedAt = assignedAt;
        this.fallbackSpan = fallbackSpan;
    }
    get isAssigned() {
        return this.assignedAt !== undefined;
    }
    /** Python truthiness, or undefined when the model cannot establish it. */
    truthy() {
        return truthy(this.value);
    }
    /** `setting is True`. */
    isTrue() {
        return isTrueSingleton(this.value);
    }
    /** Where a finding about this setting belongs: the expression that produced the value, else the module. */
    get origin() {
        return this.isAssigned ? this.value.span : this.fallbackSpan;
    }
    describe() {
        return this.isAssigned ? describe(this.value) : `not set (Django's default is ${describe(this.value)})`;
    }
}
/** The resolved settings of one Django project: what rules ask questions of. */
class SettingsModel {
    module;
    scope;
    diagnostics;
    environment;
    files;
    placementFile;
    constructor(module, scope, diagnostics, environment, 
    /** Repository-relative paths of every module the settings pulled in. */
    files, 
    /** The most specific production module: where a setting that is never assigned should be written. */
    placementFile = module.file) {
        this.module = module;
        this.scope = scope;
        this.diagnostics = diagnostics;
        this.environment = environment;
        this.files = files;
        this.placementFile = placementFile;
    }
    /** Where a setting that is never assigned should be written (line 1 of the most specific module). */
    get moduleSpan() {
        return fileStartSpan(this.placementFile);
    }
    names() {
        return [...this.scope.keys()].filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name)).sort();
    }
    has(name) {
        return this.scope.has(name);
    }
    get(name) {
        const binding = this.scope.get(name);
        if (binding)
            return new Setting(name, binding.value, binding.assignedAt, this.moduleSpan);
        const opaque = this.scope.get(OPAQUE_NAMES);
        if (opaque)
            return new Setting(name, opaque.value, opaque.assignedAt, this.moduleSpan);
        const plain = DJANGO_DEFAULTS[name];
        const value = plainToValue(plain ?? null, this.moduleSpan);
        return new Setting(name, value, undefined, this.moduleSpan);
    }
}
const MAX_GUARD_ROUNDS = 8;
/**
 * The selected module when it assigns settings itself; otherwise (a package `__init__.py` that only picks
 * a module) the module it star-imported last, followed down the same way.
 */
function mostSpecificModule(absPath, interpreter) {
    const seen = new Set();
    let current = absPath;
    while (!interpreter.modulesAssigningSettings.has(current) && !seen.has(current)) {
        seen.add(current);
        const next = interpreter.starImports.get(current)?.at(-1);
        if (!next)
            break;
        current = next;
    }
    return current;
}
/**
 * Runs the settings module under the production environment. When the settings refuse to import with a
 * variable unset (a guard that raises), that variable is one production must set: run again with it
 * treated as supplied, so a guarded fallback is not reported as if production used it.
 */
async function loadSettings(options) {
    let environment = options.environment;
    for (let round = 0;; round++) {
        const interpreter = new SettingsInterpreter({ store: options.store, resolver: options.resolver, environment });
        try {
            const scope = (await interpreter.runModule(options.module.absPath)) ?? new Map();
            const files = interpreter.modulesRun.map((absPath) => options.store.repoPath(absPath));
            const placement = options.store.repoPath(mostSpecificModule(options.module.absPath, interpreter));
            return new SettingsModel(options.module, scope, interpreter.diagnostics, environment, files, placement);
        }
        catch (error) {
            if (!(error instanceof GuardedVariables) || round >= MAX_GUARD_ROUNDS)
                throw error;
            const fresh = error.variables.filter((variable) => !environment.guarded.has(variable));
            if (fresh.length === 0)
                throw error;
            environment = environment.withGuarded(fresh);
        }
    }
}

/** Long enough for a large project's imports, short enough that a hung import does not hold CI. */
const DEFAULT_DEPLOY_CHECK_TIMEOUT = 300;
class FindingCollector {
    store;
    config;
    findings = [];
    constructor(store, config) {
        this.store = store;
        this.config = config;
    }
    /**
     * The whole first line of the finding, not just its span: a span may move within a line (a given
     * environment value points at the read, a default at its literal) but the line's text stays.
     */
    snippet(span) {
        const source = this.store.read(resolve(this.store.repoRoot, span.file));
        return source?.text.split('\n')[span.line - 1] ?? '';
    }
    add(rule, problem, source = 'static') {
        const override = this.config.rules.get(rule.id);
        if (override === 'off')
            return;
        const level = override ?? problem.level ?? rule.level;
        const { span } = problem;
        const finding = {
            ruleId: rule.id,
            level,
            message: problem.message,
            file: span.file,
            line: span.line,
            column: span.column,
            endLine: span.endLine,
            endColumn: span.endColumn,
            fix: problem.fix,
            source,
            fingerprint: fingerprintOf(rule.id, span.file, this.snippet(span), problem.setting ?? ''),
        };
        if (problem.setting)
            finding.setting = problem.setting;
        if (problem.djangoCheck)
            finding.djangoCheck = problem.djangoCheck;
        const duplicate = this.findings.some((f) => f.ruleId === finding.ruleId &&
            f.file === finding.file &&
            f.line === finding.line &&
            f.message === finding.message);
        if (!duplicate)
            this.findings.push(finding);
    }
}
function inputProblemRule(problem) {
    return problem.kind === 'python-syntax-error' ? pythonSyntaxError : fileSkipped;
}
/** The whole static scan, independent of GitHub and of the terminal: discover, parse, model, rules, gate. */
async function scan(options) {
    const path = resolve(options.path);
    if (!existsSync(path) || !statSync(path).isDirectory())
        throw new UsageError(`${options.path} is not a folder`);
    const repoRoot = options.repoRoot ? resolve(options.repoRoot) : findRepositoryRoot(path);
    const config = loadConfig(locateConfig(options.configFile, path, repoRoot), repoRoot);
    const failOn = options.failOn ?? config.failOn ?? 'warning';
    const environment = new Map([...config.env, ...options.environment]);
    const remarks = [];
    const ignoreRules = new IgnoreRules(repoRoot, config.exclude);
    const store = new SourceStore(repoRoot, config.maxFileBytes);
    const walk = walkPythonFiles(path, ignoreRules);
    const discovered = discoverProjects({
        path,
        repoRoot,
        manageFiles: walk.manageFiles,
        pythonFiles: walk.pythonFiles,
        settingsOption: options.settingsModule ?? config.settings,
        givenEnvironment: environment,
        processEnvironment: options.processEnvironment,
        isShipped: (absPath) => !ignoreRules.isIgnored(absPath),
    });
    remarks.push(...discovered.skipped.map((reason) => `Skipped a project: ${reason}.`));
    const collector = new FindingCollector(store, config);
    const projects = [];
    const deployChecks = [];
    for (const project of discovered.projects) {
        projects.push(await scanProject(project, {
            store,
            environment,
            collector,
            isShipped: (absPath) => !ignoreRules.isIgnored(absPath),
            repoRoot,
            config,
            deployCheck: options.deployCheck,
            python: options.python,
            processEnvironment: options.processEnvironment,
            deployChecks,
        }));
        remarks.push(...project.remarks);
    }
    const codeRules = (options.codeRules ?? CODE_RULES).filter((rule) => config.rules.get(rule.id) !== 'off');
    if (codeRules.length > 0) {
        const words = [...new Set(codeRules.flatMap((rule) => rule.words))];
        for (const file of walk.pythonFiles) {
            if (!store.readIfMentions(file, words))
                continue;
            const source = await store.parse(file);
            if (!source)
                continue;
            for (const rule of codeRules) {
                if (rule.words.some((word) => source.text.includes(word))) {
                    rule.check({ source, report: (problem) => collector.add(rule, problem) });
                }
            }
        }
    }
    for (const problem of store.problems) {
        collector.add(inputProblemRule(problem), { span: problem.span, message: problem.message, fix: problem.fix });
    }
    const all = collector.findings.sort(compareFindings);
    // A baseline named in the config file is relative to that file, as ESLint and Ruff resolve paths.
    const baselineFile = options.baselineFile ??
        (config.baseline && config.folder ? resolve(config.folder, config.baseline) : config.baseline);
    if (options.updateBaseline && !baselineFile) {
        throw new UsageError('--update-baseline needs a baseline file (--baseline FILE, or baseline: in the config file)');
    }
    let findings = all;
    let baselined = 0;
    if (baselineFile && options.updateBaseline) {
        writeBaseline(baselineFile, all);
        remarks.push(`Wrote ${all.length} finding(s) to the baseline ${baselineFile}.`);
        baselined = all.length;
        findings = [];
    }
    else if (baselineFile) {
        const accepted = readBaseline(baselineFile);
        ({ fresh: findings, baselined } = applyBaseline(all, accepted));
    }
    return {
        repoRoot,
        findings,
        summary: summarise(findings, failOn),
        failOn,
        projects,
        remarks,
        baselined,
        rulesRun: [...SETTINGS_RULES, ...codeRules].filter((rule) => config.rules.get(rule.id) !== 'off'),
        stats: { pythonFiles: walk.pythonFiles.length, filesRead: store.readCount, filesParsed: store.parseCount },
        config,
        deployChecks,
    };
}
/** `--python`, else python3, else python: the first that starts. */
async function runWithInterpreters(candidates, request) {
    let run;
    for (const python of candidates) {
        run = await runDeployCheck({ ...request, python });
        if (!run.notFound)
            return run;
    }
    return run;
}
async function scanProject(project, context) {
    const { store, collector, config } = context;
    const resolver = new ModuleResolver([project.root], context.isShipped);
    const settings = await loadSettings({
        store,
        resolver,
        environment: new ProductionEnvironment(context.environment),
        module: project.settings,
    });
    let run;
    const timeoutSeconds = config.deployCheckTimeout ?? DEFAULT_DEPLOY_CHECK_TIMEOUT;
    if (context.deployCheck && project.manageFile) {
        run = await runWithInterpreters(context.python ? [context.python] : ['python3', 'python'], {
            cwd: project.root,
            env: childEnvironment(context.processEnvironment, context.environment, project.settings.name),
            timeoutSeconds,
            tags: config.deployCheckTags,
        });
    }
    // The interpreter's Django is the one that runs in production's image; project files come next.
    const interpreterVersion = run?.djangoVersion ? /^(\d+)\.(\d+)/.exec(run.djangoVersion) : null;
    const django = interpreterVersion
        ? {
            major: Number(interpreterVersion[1]),
            minor: Number(interpreterVersion[2]),
            source: `the interpreter's Django ${run.djangoVersion}`,
        }
        : detectDjangoVersion([project.root, context.repoRoot], config.djangoVersion, context.repoRoot);
    const deployment = detectDeploymentFacts([project.root, context.repoRoot], config, context.repoRoot);
    let findings = [];
    for (const rule of SETTINGS_RULES) {
        rule.check({
            settings,
            django,
            deployment,
            report: (problem) => findings.push({ rule, problem, source: 'static' }),
        });
    }
    for (const diagnostic of settings.diagnostics) {
        findings.push({
            rule: settingsIncomplete,
            source: 'static',
            problem: { span: diagnostic.span, message: diagnostic.message, fix: diagnostic.fix },
        });
    }
    if (context.deployCheck) {
        const mergeContext = {
            settings,
            project,
            repoRoot: context.repoRoot,
            failureLevel: config.deployCheckFailure ?? 'error',
        };
        if (!run) {
            findings.push({
                rule: deployCheckFailed,
                source: 'deploy-check',
                problem: {
                    span: fileStartSpan(project.settings.file),
                    level: mergeContext.failureLevel,
                    message: `manage.py check --deploy cannot run: the project in ${store.repoPath(project.root) || '.'} has no manage.py.`,
                    fix: 'Scan the folder that holds manage.py, or pass --no-deploy-check (deploy-check: false) to run the static checks only',
                },
            });
        }
        else {
            const parsed = run.notFound || run.timedOut ? undefined : parseCheckOutput(run.stdout, run.stderr);
            if (parsed?.kind === 'result')
                findings = mergeDeployCheck(findings, parsed, mergeContext);
            else
                findings.push(deployCheckFailure(run, parsed, mergeContext, timeoutSeconds));
            context.deployChecks.push({
                project: store.repoPath(project.root),
                command: run.command,
                djangoVersion: run.djangoVersion,
                durationMs: run.durationMs,
                outcome: parsed?.kind === 'result' ? 'ran' : 'failed',
                transcript: [run.stdout, run.stderr].filter((text) => text.trim()).join('\n'),
            });
        }
    }
    for (const { rule, problem, source } of findings)
        collector.add(rule, problem, source);
    return {
        root: store.repoPath(project.root),
        django: `${django.major}.${django.minor} (${django.source})`,
        settingsModule: project.settings.name,
        settingsFile: project.settings.file,
        chosenBy: project.chosenBy,
        settingsFiles: settings.files,
    };
}

const HELP = `Usage: ${TOOL_NAME} [PATH] [options]

Checks a Django project's production security settings and code, the way CI will.
PATH is the project folder (default "."); manage.py and the settings module are found inside it.

Options:
  --settings MODULE        settings module (default: DJANGO_SETTINGS_MODULE from --env or the
                           environment, else what manage.py sets)
  --format FORMAT          text | json | sarif | github (workflow commands); default text
  --output FILE            write the report to FILE instead of standard output
  --fail-on LEVEL          error | warning | note | never: lowest level that fails (default warning)
  --no-deploy-check        static checks only; do not run Python
  --python PATH            interpreter for manage.py (default python3, then python)
  --env KEY=VALUE          a variable of the production environment (repeatable)
  --env-file FILE          production environment as KEY=VALUE lines
  --config FILE            config file (default .django-security.yml in PATH or the repository root)
  --baseline FILE          accepted findings: only findings not in it gate
  --update-baseline        write the current findings to the --baseline file
  --list-rules             list every rule with its level and summary
  --version                print the version
  -h, --help               print this help

Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage, config or discovery error.
`;
function listRules() {
    const width = Math.max(...ALL_RULES.map((rule) => rule.id.length));
    return `${ALL_RULES.map((rule) => `${rule.id.padEnd(width)}  ${rule.level.padEnd(7)}  ${rule.summary}`).join('\n')}\n`;
}
/** The CLI as a function of argv, so tests can call it; returns the exit code. */
async function runCli(argv, io) {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            strict: true,
            options: {
                settings: { type: 'string' },
                format: { type: 'string', default: 'text' },
                output: { type: 'string' },
                'fail-on': { type: 'string' },
                'no-deploy-check': { type: 'boolean', default: false },
                python: { type: 'string' },
                env: { type: 'string', multiple: true, default: [] },
                'env-file': { type: 'string' },
                config: { type: 'string' },
                baseline: { type: 'string' },
                'update-baseline': { type: 'boolean', default: false },
                'list-rules': { type: 'boolean', default: false },
                version: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false },
            },
        });
    }
    catch (error) {
        io.stderr(`${TOOL_NAME}: ${error.message}\nRun ${TOOL_NAME} --help for usage.\n`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        io.stdout(HELP);
        return 0;
    }
    if (values.version) {
        io.stdout(`${TOOL_NAME} ${TOOL_VERSION}\n`);
        return 0;
    }
    if (values['list-rules']) {
        io.stdout(listRules());
        return 0;
    }
    try {
        if (positionals.length > 1)
            throw new UsageError(`expected one PATH, got ${positionals.length}: ${positionals.join(' ')}`);
        const format = values.format;
        if (!OUTPUT_FORMATS.includes(format))
            throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not "${format}"`);
        const failOn = values['fail-on'];
        if (failOn !== undefined && !FAIL_ON_VALUES.includes(failOn)) {
            throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${failOn}"`);
        }
        const result = await scan({
            path: positionals[0] ?? '.',
            settingsModule: values.settings,
            environment: productionEnvironmentFrom(values['env-file'], values.env ?? []),
            processEnvironment: io.env,
            deployCheck: !values['no-deploy-check'],
            python: values.python,
            configFile: values.config,
            baselineFile: values.baseline,
            updateBaseline: values['update-baseline'],
            failOn,
        });
        const colour = io.isTty && !values.output && !io.env.NO_COLOR && format === 'text';
        const text = render(result, format, colour);
        if (values.output)
            writeFileSync(values.output, text);
        else
            io.stdout(text);
        return result.summary.passed ? 0 : 1;
    }
    catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`${TOOL_NAME}: ${error.message}\n`);
            return 2;
        }
        io.stderr(`${TOOL_NAME}: internal error: ${error.stack ?? String(error)}\n`);
        return 2;
    }
}

const exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
});
process.exitCode = exitCode;
