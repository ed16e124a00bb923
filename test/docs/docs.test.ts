import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../bot/config';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

/** Markdown without fenced code blocks and inline code, where a "link" is only text. */
const prose = (md: string): string => md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchorsIn = (md: string): Set<string> =>
  new Set([...prose(md).matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1].replace(/`/g, ''))));

describe('docs/configuration.md', () => {
  test('its settings table lists exactly the variables bot/config.ts reads', () => {
    const md = read('docs/configuration.md');
    const rows = md.split('\n').filter((l) => /^\|\s*`/.test(l));
    const listed = rows.flatMap((row) =>
      [...row.split('|')[1].matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]),
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed).size).toBe(listed.length); // each once
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

describe('links in README.md and docs/', () => {
  test.each(DOCS)('every relative link in %s points to a file (and heading) that exists', (rel) => {
    const md = read(rel);
    const links = [...prose(md).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
    const broken: string[] = [];
    for (const link of links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: and the like
      const [file, anchor] = link.split('#');
      const target = file ? path.normalize(path.join(path.dirname(rel), decodeURIComponent(file))) : rel;
      if (target.startsWith('..') || !existsSync(path.join(ROOT, target))) {
        broken.push(`${link}: no file ${target}`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchorsIn(read(target)).has(anchor))
        broken.push(`${link}: no heading #${anchor} in ${target}`);
    }
    expect(broken).toEqual([]);
  });

  test('README.md links every page of docs/, and fits on two screens', () => {
    const readme = read('README.md');
    for (const page of DOCS.filter((d) => d !== 'README.md')) expect(readme).toContain(`](${page})`);
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(75);
  });
});
