import { SNAPSHOT_KEYS, skip, type Handler, type ModifierRule } from '../types.js';

/** SV101 carries at most four modifiers after the procedure code. */
const MAX_MODIFIERS = 4;

/**
 * CO-4 (procedure code inconsistent with the modifier, or a required modifier missing): inject the
 * modifiers that the tenant's rules require for the claim's rendering credential, facility state
 * and payer, and rebill.
 */
export const co4ModifierHandler: Handler = {
  name: 'Co4ModifierHandler',
  carcs: ['CO-4'],
  strategies: ['MODIFIER_CORRECTION'],
  needs: ['modifierRules'],
  run(ctx) {
    const claim = ctx.claim;
    if (!claim) return skip('no_claim_on_file');
    const missing = SNAPSHOT_KEYS.filter((key) => !isPresent(claim.snapshot[key]));
    if (missing.length > 0) return skip('context_snapshot_incomplete', { missingKeys: missing });

    const addModifiers: Record<number, string[]> = {};
    const applied = new Set<number>();
    let full = 0;
    for (const line of claim.lines) {
      const wanted = ctx.modifierRules.filter(
        (rule) => triggers(rule, claim.snapshot) && inScope(rule.scope, line.procedureCode),
      );
      const toAdd: string[] = [];
      for (const rule of wanted) {
        if (line.modifiers.includes(rule.modifier) || toAdd.includes(rule.modifier)) continue;
        toAdd.push(rule.modifier);
        applied.add(rule.ruleId);
      }
      if (toAdd.length === 0) continue;
      if (line.modifiers.length + toAdd.length > MAX_MODIFIERS) {
        full += 1;
        continue;
      }
      addModifiers[line.lineNumber] = toAdd;
    }
    if (Object.keys(addModifiers).length === 0) {
      return skip(full > 0 ? 'no_modifier_slot_free' : 'no_modifier_to_inject', {
        linesChecked: claim.lines.length,
      });
    }
    return {
      kind: 'rebill',
      strategy: 'MODIFIER_CORRECTION',
      correction: { addModifiers },
      details: { addModifiers, ruleIds: [...applied].sort((a, b) => a - b) },
    };
  },
};

function isPresent(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== null && value !== undefined;
}

function triggers(rule: ModifierRule, snapshot: Readonly<Record<string, unknown>>): boolean {
  const value = snapshot[rule.triggerType];
  return typeof value === 'string' && value.trim().toUpperCase() === rule.triggerValue.trim().toUpperCase();
}

/** '*' is every code; 'G04*' a prefix; anything else one code. */
export function inScope(scope: string, procedureCode: string): boolean {
  if (scope === '*') return true;
  if (scope.endsWith('*')) return procedureCode.startsWith(scope.slice(0, -1));
  return scope === procedureCode;
}
