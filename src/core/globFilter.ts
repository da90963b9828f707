/**
 * The optional glob filter of a batch ("only `val/**\/*.png`"): `*` any characters but `/`, `**`
 * any folders, `?` one character, `{png,jpg}` alternatives. A pattern without `/` matches the file
 * name at any depth. Matching is case-sensitive, on `/`-separated relative paths. Pure.
 */
import { InputError } from './errors';

function escapeRegExp(text: string): string {
  return text.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** Compiles a glob to a predicate over relative paths. Throws InputError on an unbalanced `{`. */
export function globMatcher(pattern: string): (relativePath: string) => boolean {
  const glob = pattern.trim().replace(/^\.\//, '');
  if (glob === '' || glob === '**' || glob === '**/*') return () => true;
  let source = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        source += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      depth++;
      source += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      source += ')';
    } else if (ch === ',' && depth > 0) source += '|';
    else source += escapeRegExp(ch);
  }
  if (depth !== 0) throw new InputError(`The filter "${pattern}" has a "{" without its "}"; write alternatives as {png,jpg}.`);
  const regex = new RegExp(`^${source}$`);
  const nameOnly = !glob.includes('/');
  return (path) => regex.test(nameOnly ? path.slice(path.lastIndexOf('/') + 1) : path);
}
