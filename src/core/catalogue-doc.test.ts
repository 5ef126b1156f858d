import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from '../identity/identifiers.js';
import { normaliseMessage } from '../ingest/segment-parse.js';
import { CATALOGUE_VERSION, catalogueEntries, checkProperties, isCatalogued } from './catalogue.js';
import { catalogueExamples, IDENTIFIER_SOURCES, renderCatalogueMarkdown } from './catalogue-doc.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'events.md');

describe('docs/events.md', () => {
  const rendered = renderCatalogueMarkdown();

  it('is the committed copy of what the catalogue renders', () => {
    let committed: string;
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      throw new Error('docs/events.md is missing: run `npm run docs:events` and commit the result.');
    }
    if (committed !== rendered) {
      throw new Error('docs/events.md is out of date with src/core/catalogue.ts (or catalogue-doc.ts): run `npm run docs:events` and commit the result.');
    }
  });

  it('documents every catalogued event and the version', () => {
    expect(rendered).toContain(`**${CATALOGUE_VERSION}**`);
    for (const e of catalogueEntries()) {
      expect(rendered, e.name).toContain(`### ${e.name}\n`);
      expect(rendered, e.name).toContain(e.description);
    }
  });

  it('renders property types from the schemas', () => {
    expect(rendered).toContain('| `order_id` | string, 1–200 characters | required |');
    expect(rendered).toContain('| `revenue` | number ≥ 0 | optional |');
    expect(rendered).toContain('| `eta` | ISO 8601 date-time | required |');
    expect(rendered).toContain('| `complaint` | boolean | optional |');
    expect(rendered).toContain('| `severity` | one of `"low"`, `"medium"`, `"high"` | optional |');
    expect(rendered).toContain('| `kept_by.event` | non-empty string | required |');
    expect(rendered).toContain('| `products` | array of objects | optional |');
  });

  it('has example messages that the catalogue and the ingest parser accept', () => {
    const examples = Object.entries(catalogueExamples());
    const categories = new Set(catalogueEntries().map((e) => e.category));
    expect(new Set(examples.map(([c]) => c))).toEqual(categories);
    for (const [category, ex] of examples) {
      expect(isCatalogued(ex.event), category).toBe(true);
      expect(catalogueEntries().find((e) => e.name === ex.event)?.category, category).toBe(category);
      expect(checkProperties(ex.event, ex.properties), category).toBeNull();
      const parsed = normaliseMessage(ex, { id: 'src_docs', department: 'support' }, Date.parse('2025-03-23T00:00:00.000Z'), null);
      expect(parsed.ok ? null : parsed.message, category).toBeNull();
      expect(rendered).toContain(JSON.stringify(ex, null, 2));
    }
  });

  it('throws when an event has no effect line', () => {
    const entries = catalogueEntries() as unknown as Array<{ name: string }>;
    const first = entries[0];
    if (first === undefined) throw new Error('empty catalogue');
    const name = first.name;
    first.name = 'Something Nobody Documented';
    try {
      expect(() => renderCatalogueMarkdown()).toThrow(/no effect line.*Something Nobody Documented/);
    } finally {
      first.name = name;
    }
  });

  it('lists identifier fields that identity resolution really reads', () => {
    for (const s of IDENTIFIER_SOURCES) {
      const ids = extractIdentifiers({ type: 'track', userId: null, anonymousId: null, properties: {}, traits: {}, context: {}, ...s.sample });
      expect(ids, s.field).toContainEqual({ type: s.extractedAs, value: s.value });
      expect(rendered).toContain(`\`${s.field}\``);
    }
  });
});
