// The reviewed allow-list (config/levitate-allow.json): an incompatibility passes only when an entry
// names it exactly (package, export, kind, installed version, target) and says why.

const FIELDS = ['package', 'export', 'kind', 'installed', 'target', 'reason'];

/** Problems with the list itself: a missing field, an unknown kind, a reason that is empty or not one line. */
export function allowListProblems(list) {
  if (!list || !Array.isArray(list.allowed)) {
    return ['the allow-list needs an "allowed" array'];
  }
  const problems = [];
  list.allowed.forEach((entry, i) => {
    const name = `allowed[${i}]`;
    for (const field of FIELDS) {
      if (typeof entry?.[field] !== 'string' || entry[field].trim() === '') {
        problems.push(`${name}: "${field}" must be a non-empty string`);
      }
    }
    if (entry && !['changed', 'removed'].includes(entry.kind)) {
      problems.push(`${name}: "kind" must be "changed" or "removed"`);
    }
    if (typeof entry?.reason === 'string' && /[\r\n]/.test(entry.reason)) {
      problems.push(`${name}: "reason" must be one line`);
    }
  });
  return problems;
}

const matches = (entry, item) =>
  entry.package === item.package &&
  entry.export === item.export &&
  entry.kind === item.kind &&
  entry.installed === item.installed &&
  entry.target === item.target;

/**
 * Splits levitate's findings into the ones an entry allows and the failures, and lists the entries
 * that allowed nothing (stale once the code or a version moved on).
 */
export function applyAllowList(found, list) {
  const entries = list.allowed;
  const used = new Set();
  const allowed = [];
  const failures = [];
  for (const item of found) {
    const entry = entries.find((e) => matches(e, item));
    if (entry) {
      used.add(entry);
      allowed.push({ item, reason: entry.reason });
    } else {
      failures.push(item);
    }
  }
  return { allowed, failures, unused: entries.filter((e) => !used.has(e)) };
}
