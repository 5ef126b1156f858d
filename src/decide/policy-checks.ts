/**
 * The checks a schema cannot express: cross-references and orderings in a policy that passed
 * PolicySchema. Each problem carries the path of the value at fault so parse-policy.ts can name
 * its line.
 */
import { type Fact, ITEM_FACTS, MOMENT_FACTS, type Policy, PURPOSES } from './policy-schema.js';
import { isKnownTimeZone } from './time-zones.js';

/** One problem: the path of the offending value (keys and indexes) and what is wrong. */
export interface PolicyProblem {
  path: (string | number)[];
  message: string;
}

/** Every semantic problem in a schema-valid policy, in document order. */
export function checkPolicy(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const report = (path: (string | number)[], message: string): void => {
    problems.push({ path, message });
  };

  const seen = new Set<string>();
  policy.departments.forEach((d, i) => {
    if (seen.has(d.name)) report(['departments', i, 'name'], `department ${d.name} is listed twice`);
    seen.add(d.name);
    const before = policy.departments[i - 1];
    // The list is the priority order; a weight that rises down the list contradicts it.
    if (before !== undefined && d.weight > before.weight) {
      report(['departments', i, 'weight'], `the list is in priority order, so ${d.name} (weight ${d.weight}) cannot weigh more than ${before.name} above it (${before.weight})`);
    }
  });

  if (policy.purposes.transactional.consent !== 'none') {
    report(['purposes', 'transactional', 'consent'], 'transactional messages (receipts, password resets, delivery notices) need no consent: use none');
  }
  const aliasOwner = new Map<string, string>();
  for (const purpose of PURPOSES) {
    const rule = policy.purposes[purpose];
    if (rule.bypassesCaps && rule.countsTowardCaps) {
      // Not wrong, but almost always a slip: such a purpose eats everyone else's allowance.
      report(['purposes', purpose, 'countsTowardCaps'], `${purpose} bypasses caps yet counts toward them; set countsTowardCaps: false or bypassesCaps: false`);
    }
    (rule.aliases ?? []).forEach((alias, i) => {
      const owner = aliasOwner.get(alias);
      if (owner !== undefined) report(['purposes', purpose, 'aliases', i], `alias ${alias} already means ${owner}`);
      aliasOwner.set(alias, purpose);
    });
  }

  const checkTiming = (at: (string | number)[], fact: Fact, olderThan: string | undefined, within: string | undefined): void => {
    if (olderThan !== undefined && !ITEM_FACTS.includes(fact)) report([...at, 'olderThan'], `olderThan applies to open items (${ITEM_FACTS.join(', ')}), not ${fact}`);
    if (within !== undefined && !MOMENT_FACTS.includes(fact)) report([...at, 'within'], `within applies to past moments (${MOMENT_FACTS.join(', ')}), not ${fact}`);
  };
  policy.suppressions.forEach((s, i) => checkTiming(['suppressions', i], s.when, s.olderThan, s.within));
  policy.arbitration.relationship.forEach((r, i) => checkTiming(['arbitration', 'relationship', i], r.when, r.olderThan, r.within));

  const capNames = new Set<string>();
  policy.caps.forEach((cap, i) => {
    if (capNames.has(cap.name)) report(['caps', i, 'name'], `cap ${cap.name} is defined twice`);
    capNames.add(cap.name);
    (cap.departments ?? []).forEach((d, j) => {
      if (!seen.has(d)) report(['caps', i, 'departments', j], `department ${d} is not in departments (a typo would make the cap count nothing)`);
    });
    const purposes = cap.purposes ?? PURPOSES;
    if (purposes.every((p) => policy.purposes[p].bypassesCaps)) {
      report(['caps', i, 'purposes'], `every purpose of cap ${cap.name} bypasses caps, so it limits nothing`);
    } else if (purposes.every((p) => !policy.purposes[p].countsTowardCaps)) {
      report(['caps', i, 'purposes'], `no purpose of cap ${cap.name} counts toward caps, so it would never fill`);
    }
  });

  if (!isKnownTimeZone(policy.quietHours.fallbackTimeZone)) {
    report(['quietHours', 'fallbackTimeZone'], `${policy.quietHours.fallbackTimeZone} is not a time zone this runtime knows (use an IANA name like Europe/Paris)`);
  }
  policy.quietHours.windows.forEach((w, i) => {
    if (w.start === w.end) report(['quietHours', 'windows', i, 'end'], 'a quiet window must not start and end at the same time');
  });
  return problems;
}
