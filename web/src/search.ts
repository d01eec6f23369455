/**
 * A search box as an ARIA combobox: type, move through the results with the arrow keys,
 * Enter (or a click) picks one, Escape closes the list. Results come from Query.search, so
 * they forgive accents and typos as the API does.
 */
import { gql } from './api';
import { h, iso } from './dom';
import { swatch } from './look';
import { words } from './model';

export interface Hit {
  id: string;
  type: string;
  name: string;
}

const SEARCH = `query Search($text: String!, $types: [EntityType!]) {
  search(text: $text, types: $types, first: 8) { entity { __typename id name } }
}`;

let serial = 0;

/** Typing pauses this long before a search is sent: each search costs the visitor a point of the API's rate limit. */
const PAUSE_MS = 350;
/** Shorter texts are not sent (one letter matches everything and nothing useful). */
const MIN_LENGTH = 2;
/** The API's limit on a search text. */
const MAX_LENGTH = 200;
/** Answers kept per page, by text and types, so typing back and forth asks once. */
const CACHE_SIZE = 100;
const answers = new Map<string, Hit[]>();

export function searchBox(options: {
  label: string;
  placeholder?: string;
  types?: string[];
  onPick: (hit: Hit) => void;
  onError: (err: unknown) => void;
  /** Called after a search answered: an error an earlier search showed can go. */
  onAnswer?: () => void;
}): { root: HTMLElement; input: HTMLInputElement; set(hit: Hit | null): void } {
  const n = ++serial;
  const listId = `search-results-${n}`;
  const input = h('input', {
    type: 'search',
    id: `search-${n}`,
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    placeholder: options.placeholder ?? 'Search…',
    maxlength: String(MAX_LENGTH),
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'results', hidden: true });
  const status = h('span', { class: 'visually-hidden', 'aria-live': 'polite' });
  const root = h(
    'div',
    { class: 'search' },
    h('label', { for: input.id }, options.label),
    input,
    list,
    status,
  );
  let hits: Hit[] = [];
  let active = -1;
  let timer: number | undefined;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = (i: number) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `${listId}-${i}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const pick = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.name;
    close();
    options.onPick(hit);
  };
  const show = () => {
    list.replaceChildren(
      ...hits.map((hit, i) => {
        const li = h(
          'li',
          { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', 'data-type': hit.type },
          swatch(hit.type),
          iso(hit.name),
          h('small', {}, ` ${words(hit.type)}`),
        );
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          pick(i);
        });
        return li;
      }),
    );
    if (!hits.length) list.append(h('li', { class: 'empty', role: 'option' }, 'No match'));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = `${hits.length} result${hits.length === 1 ? '' : 's'}`;
    mark(hits.length ? 0 : -1);
  };
  const run = async (text: string) => {
    const mine = ++asked;
    const cacheKey = `${(options.types ?? []).join(',')}|${text.toLowerCase()}`;
    const cached = answers.get(cacheKey);
    if (cached) {
      hits = cached;
      show();
      return;
    }
    try {
      const data = await gql<{
        search: Array<{ entity: { __typename: string; id: string; name: string } }>;
      }>(SEARCH, { text, types: options.types ?? null });
      const found = data.search.map(({ entity }) => ({
        id: entity.id,
        type: entity.__typename,
        name: entity.name,
      }));
      if (answers.size >= CACHE_SIZE) answers.delete(answers.keys().next().value as string);
      answers.set(cacheKey, found);
      // An answer to an older text than the one now asked for is kept, not shown.
      if (mine !== asked) return;
      hits = found;
      show();
      options.onAnswer?.();
    } catch (err) {
      if (mine === asked) options.onError(err);
    }
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    asked += 1;
    const text = input.value.trim();
    if (!text) {
      close();
      return;
    }
    if (text.length < MIN_LENGTH) {
      hits = [];
      list.replaceChildren(h('li', { class: 'empty', role: 'option' }, 'Type one more letter'));
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      status.textContent = 'Type one more letter';
      mark(-1);
      return;
    }
    timer = window.setTimeout(() => void run(text), PAUSE_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) {
        if (hits.length) show();
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      mark((active + step + hits.length) % Math.max(hits.length, 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!list.hidden && active >= 0) pick(active);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return {
    root,
    input,
    set(hit) {
      input.value = hit ? hit.name : '';
    },
  };
}
