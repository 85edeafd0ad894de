/**
 * The English a page can show, read from the client's source with the TypeScript parser:
 * - `messages`: the source text of every msg() call (`{0}`… for the expressions of a str`` template);
 * - `texts`: the static text of every html`` template (between tags, and the placeholder, title,
 *   aria-label and label attributes) and every plain string literal outside css`` and msg().
 * The Indonesian walk flags a rendered text that is one of these (or fits a msg pattern), unless
 * the catalog says it is the same in Indonesian.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const CLIENT = path.resolve(import.meta.dirname, '../../client');

export interface EnglishSource {
  messages: Map<string, string>; // source text → "file:line"
  texts: Set<string>;
  /** Untagged `…${x}…` strings with words in them (messages built by hand), as "a {0} b". */
  built: Set<string>;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' || e.name === 'i18n' ? [] : files(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** `str`a ${x} b`` → "a {0} b"; a plain literal as it is. */
function messageText(arg: ts.Expression): string | null {
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTaggedTemplateExpression(arg) && arg.tag.getText() === 'str') {
    const t = arg.template;
    if (ts.isNoSubstitutionTemplateLiteral(t)) return t.text;
    return t.head.text + t.templateSpans.map((s, i) => `{${i}}${s.literal.text}`).join('');
  }
  return null;
}

const SHOWN_ATTRIBUTES = /\b(?:placeholder|title|aria-label|label)="([^"$]*)"/g;

function templateTexts(strings: string[], into: Set<string>): void {
  const joined = strings.join('\u0000');
  for (const m of joined.matchAll(SHOWN_ATTRIBUTES)) add(m[1], into);
  const outside = joined.replace(/<[^>]*>/g, '\u0000').replace(/<!--[\s\S]*?-->/g, '');
  for (const piece of outside.split('\u0000')) add(piece, into);
}

export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function add(text: string, into: Set<string>): void {
  const t = normalise(text);
  // Only text with a word in it: punctuation, "·" and numbers are the same in every language.
  if (/[A-Za-z]{2}/.test(t)) into.add(t);
}

export function readEnglishSource(): EnglishSource {
  const messages = new Map<string, string>();
  const texts = new Set<string>();
  const built = new Set<string>();
  for (const file of files(CLIENT)) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const where = (n: ts.Node) =>
      `${path.relative(CLIENT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'msg' && node.arguments[0]) {
        const text = messageText(node.arguments[0]);
        if (text !== null) messages.set(text, where(node));
        for (const a of node.arguments.slice(1)) visit(a);
        // the str`` expressions can hold more English (a nested msg)
        const first = node.arguments[0];
        if (ts.isTaggedTemplateExpression(first) && !ts.isNoSubstitutionTemplateLiteral(first.template))
          for (const s of first.template.templateSpans) visit(s.expression);
        return;
      }
      if (ts.isTaggedTemplateExpression(node)) {
        const tag = node.tag.getText();
        if (tag === 'css' || tag === 'svg') return;
        if (tag === 'html') {
          const t = node.template;
          const strings = ts.isNoSubstitutionTemplateLiteral(t)
            ? [t.text]
            : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)];
          templateTexts(strings, texts);
        }
        // the template's own text is done; its expressions may hold more
        if (!ts.isNoSubstitutionTemplateLiteral(node.template))
          for (const span of node.template.templateSpans) visit(span.expression);
        return;
      } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        // Import paths, keys and CSS classes never render as whole text nodes; prose might.
        if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent))
          add(node.text, texts);
      } else if (ts.isTemplateExpression(node)) {
        // an untagged `…${x}…` may be rendered whole: it is English unless it went through msg()
        const text = node.head.text + node.templateSpans.map((s, i) => `{${i}}${s.literal.text}`).join('');
        if (/[A-Za-z]{3}/.test(text.replace(/\{\d+\}/g, ''))) built.add(normalise(text));
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, texts, built };
}

/** "{0} segments" → /^(.*) segments$/: the shape an untranslated message takes on the page. */
export function messagePattern(text: string): RegExp {
  const parts = normalise(text)
    .split(/\{\d+\}/)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(.*)')}$`, 's');
}
