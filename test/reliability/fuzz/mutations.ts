import fc from 'fast-check';
import type { AnswerChange } from './answers.js';
import { applyByteMutation, byteMutation, type ByteMutation } from './byte-mutations.js';
import { applyJsonMutations, isJson, jsonMutation, type JsonMutation } from './json-mutations.js';
import { isMarkup } from './xml-elements.js';
import { applyXmlMutations, xmlMutation, type XmlMutation } from './xml-mutations.js';

/**
 * A payload's mutation: structural changes in its own language (JSON or XML) when it has one,
 * then byte-level damage, either alone or both; now and then its answer's status or
 * Content-Type too. One value, printed whole in a counterexample.
 */
export interface PayloadMutation {
  readonly json?: readonly JsonMutation[];
  readonly xml?: readonly XmlMutation[];
  readonly bytes?: readonly ByteMutation[];
  readonly answer?: AnswerChange;
}

/** Statuses whose bodies sources still read (error messages, Mastodon's "Record not found"). */
const STATUSES = [200, 201, 202, 203, 204, 206, 400, 401, 403, 404, 410, 422, 429, 500, 502, 503];
const CONTENT_TYPES = [
  null,
  'application/json',
  'text/html; charset=utf-8',
  'text/plain',
  'application/json; charset=utf-16le',
  'application/json; charset=utf-16be',
  'text/xml; charset=iso-8859-1',
  'application/atom+xml; charset=bogus',
  'application/rss+xml; charset="windows-1252"',
];

const answerChange: fc.Arbitrary<AnswerChange> = fc.oneof(
  fc.record({ status: fc.constantFrom(...STATUSES) }),
  fc.record({ contentType: fc.constantFrom(...CONTENT_TYPES) }),
  fc.record({ status: fc.constantFrom(...STATUSES), contentType: fc.constantFrom(...CONTENT_TYPES) }),
);

const ops = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { minLength: 1, maxLength: 4 });

/** The mutations that make sense for `payload`; `fixtures` are what splices may take from. */
export function payloadMutation(payload: Buffer, fixtures: readonly string[]): fc.Arbitrary<PayloadMutation> {
  const text = payload.toString('utf8');
  const bytes = ops(byteMutation(fixtures));
  const structural: fc.Arbitrary<PayloadMutation>[] = [];
  if (isJson(text)) structural.push(ops(jsonMutation).map((json) => ({ json })));
  else if (isMarkup(text)) structural.push(ops(xmlMutation).map((xml) => ({ xml })));
  const bytesOnly = bytes.map((list): PayloadMutation => ({ bytes: list }));
  const body =
    structural.length === 0
      ? bytesOnly
      : fc.oneof(
          ...structural,
          bytesOnly,
          fc
            .tuple(fc.oneof(...structural), bytes)
            .map(([first, list]): PayloadMutation => ({ ...first, bytes: list })),
        );
  // The answer changes in about one run of five: most runs are about the body.
  return fc
    .tuple(
      body,
      fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: answerChange }),
    )
    .map(([mutation, answer]) => (answer === undefined ? mutation : { ...mutation, answer }));
}

export function applyMutation(
  payload: Buffer,
  mutation: PayloadMutation,
  read: (fixture: string) => Buffer,
): Buffer {
  let body = payload;
  if (mutation.json) body = Buffer.from(applyJsonMutations(body.toString('utf8'), mutation.json));
  if (mutation.xml) body = Buffer.from(applyXmlMutations(body.toString('utf8'), mutation.xml));
  for (const op of mutation.bytes ?? []) body = applyByteMutation(body, op, read);
  return body;
}
