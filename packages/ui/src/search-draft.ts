/**
 * What a live search box shows while its committed value lives elsewhere (the URL, a parent's
 * state): the text being typed, unless the value changed from outside (the back button, a reset),
 * in which case the new value wins. `base` is the value when the person last typed, `sent` the
 * last text handed on; the value echoing either one is not a change from outside.
 */
export interface SearchDraft {
  base: string;
  sent: string;
  text: string;
}

export const searchDraft = (value: string): SearchDraft => ({ base: value, sent: value, text: value });

/** The text the box shows for the committed `value`. */
export function shownText(draft: SearchDraft, value: string): string {
  return value === draft.base || value === draft.sent ? draft.text : value;
}

/** The person typed `text` while `value` was committed. */
export function typed(value: string, text: string): SearchDraft {
  return { base: value, sent: value, text };
}
