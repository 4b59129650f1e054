/** The topic filter of a subscription without its `$share/<group>/` prefix. */
export function filterOf(subscription: string): string {
  const m = /^\$share\/[^/]+\/(.+)$/.exec(subscription);
  return m ? m[1] : subscription;
}

/** MQTT filter matching: `+` is one level, a trailing `#` any number (including none). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  // Wildcards never match topics starting with `$` (MQTT 3.1.1 §4.7.2).
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
