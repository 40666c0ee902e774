import fc from 'fast-check';
import { NASTY_KEYS, NASTY_NUMBERS, NASTY_STRINGS, nastyString, type NastyString } from './nasty-values.js';

/**
 * Structural mutations of a JSON payload: it is parsed, one node is chosen (by index among all
 * nodes, depth first, the root included) and changed, and the result is serialised again. This
 * reaches what byte flips almost never do: a well-formed document of the wrong shape, such as a
 * component whose status is an object, an incident list that is a string, a key named
 * "__proto__", or an array nested ten thousand deep.
 */

/** What replaces a node; kept small and named so counterexamples stay readable. */
export type ValueRecipe =
  | { readonly kind: 'string'; readonly name: NastyString }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'literal'; readonly value: null | boolean }
  | { readonly kind: 'empty'; readonly shape: 'array' | 'object' }
  | { readonly kind: 'json'; readonly value: fc.JsonValue };

export type JsonMutation =
  | { readonly op: 'replace'; readonly pick: number; readonly value: ValueRecipe }
  | { readonly op: 'remove'; readonly pick: number }
  | { readonly op: 'rename'; readonly pick: number; readonly key: string }
  | { readonly op: 'duplicate'; readonly pick: number; readonly times: number }
  | { readonly op: 'swap'; readonly pick: number; readonly other: number }
  | {
      readonly op: 'nest';
      readonly pick: number;
      readonly depth: number;
      readonly shape: 'array' | 'object';
    };

export const valueRecipe: fc.Arbitrary<ValueRecipe> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('string' as const), name: nastyString }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('text' as const), value: fc.string({ unit: 'binary' }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('number' as const),
      value: fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('literal' as const),
      value: fc.constantFrom(null, true, false),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('empty' as const), shape: fc.constantFrom('array', 'object') }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
  },
);

const pick = fc.nat();

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), pick, value: valueRecipe }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), pick }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('rename' as const), pick, key: fc.constantFrom(...NASTY_KEYS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      pick,
      times: fc.integer({ min: 2, max: 50 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swap' as const), pick, other: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      pick,
      depth: fc.integer({ min: 1, max: 20_000 }),
      shape: fc.constantFrom('array', 'object'),
    }),
  },
);

export function renderValue(recipe: ValueRecipe): unknown {
  switch (recipe.kind) {
    case 'string':
      return NASTY_STRINGS[recipe.name];
    case 'text':
    case 'number':
    case 'literal':
      return recipe.value;
    case 'empty':
      return recipe.shape === 'array' ? [] : {};
    case 'json':
      return structuredClone(recipe.value);
  }
}

type Container = Record<string, unknown> | unknown[];
interface Node {
  readonly parent?: Container;
  readonly key?: string | number;
  readonly value: unknown;
}

/** Every node, depth first in document order; the root has no parent. */
function nodes(root: unknown): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [{ value: root }];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    found.push(node);
    const { value } = node;
    // Pushed last to first, so the first child is visited next.
    const children: Node[] = Array.isArray(value)
      ? (value as unknown[]).map((item, index) => ({ parent: value as unknown[], key: index, value: item }))
      : typeof value === 'object' && value !== null
        ? Object.entries(value).map(([key, item]: [string, unknown]) => ({
            parent: value as Container,
            key,
            value: item,
          }))
        : [];
    for (const child of children.reverse()) stack.push(child);
  }
  return found;
}

/** Sets a property as JSON.parse would: "__proto__" becomes an own key, not the prototype. */
function setOwn(parent: Container, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Placeholders for nested values, replaced in the serialised text (JSON.stringify would overflow the stack). */
interface Nesting {
  readonly marker: string;
  readonly depth: number;
  readonly shape: 'array' | 'object';
  readonly inner: unknown;
}

/** JSON.stringify's type says string, but it gives undefined for undefined: say what stands for it. */
function serialise(value: unknown, nothing: string): string {
  return value === undefined ? nothing : JSON.stringify(value);
}

/** Applies the mutations in order; returns the new document's text. */
export function applyJsonMutations(text: string, mutations: readonly JsonMutation[]): string {
  let root = JSON.parse(text) as unknown;
  const nestings: Nesting[] = [];
  for (const mutation of mutations) {
    const all = nodes(root);
    const node = all[mutation.pick % all.length] ?? { value: root };
    const put = (value: unknown): void => {
      if (node.parent === undefined || node.key === undefined) root = value;
      else setOwn(node.parent, node.key, value);
    };
    switch (mutation.op) {
      case 'replace':
        put(renderValue(mutation.value));
        break;
      case 'remove':
        if (Array.isArray(node.parent) && typeof node.key === 'number') node.parent.splice(node.key, 1);
        else if (node.parent && node.key !== undefined) Reflect.deleteProperty(node.parent, node.key);
        break;
      case 'rename':
        if (node.parent && !Array.isArray(node.parent) && typeof node.key === 'string') {
          Reflect.deleteProperty(node.parent, node.key);
          setOwn(node.parent, mutation.key, node.value);
        }
        break;
      case 'duplicate': {
        const items: unknown[] = Array.isArray(node.value) ? (node.value as unknown[]) : [node.value];
        // Bounded: a few thousand items is a big page, not a memory test.
        const times = Math.min(mutation.times, Math.max(2, Math.floor(5000 / Math.max(1, items.length))));
        put(Array.from({ length: times }, () => items.map((item) => structuredClone(item))).flat());
        break;
      }
      case 'swap':
        put(structuredClone((all[mutation.other % all.length] ?? node).value));
        break;
      case 'nest': {
        const marker = `__fuzz_nest_${nestings.length}__`;
        nestings.push({ marker, depth: mutation.depth, shape: mutation.shape, inner: node.value });
        put(marker);
        break;
      }
    }
  }
  let out = serialise(root, '');
  // Newest first: an inner value may hold an older marker, resolved on a later turn.
  for (const nesting of [...nestings].reverse()) {
    const [open, close] = nesting.shape === 'array' ? ['[', ']'] : ['{"a":', '}'];
    const inner = serialise(nesting.inner, 'null');
    out = out.replace(
      JSON.stringify(nesting.marker),
      () => open.repeat(nesting.depth) + inner + close.repeat(nesting.depth),
    );
  }
  return out;
}

/** Whether a payload is JSON this layer can work on. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
