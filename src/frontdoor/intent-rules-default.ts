/**
 * The default front-door keyword rules, as a string so the build needs no file copying. It must
 * stay identical to intent-rules.yaml (the file an operations lead copies and edits); a test
 * checks that they match.
 */
import { INTENTS } from '../demo/messages.js';
import { type IntentRules, parseIntentRules } from './intent-rules.js';

export const DEFAULT_INTENT_RULES_YAML = `# Tutti's front-door keyword rules.
#
# A rule fires when one clause of a customer's message contains one of its phrases (whole words,
# any case, punctuation ignored; "can't", "cant" and "cannot" are the same). A rule that fires
# decides that clause's intent, ahead of the classifier. Keep rules for phrases that can mean only
# one thing: "refund" alone is no good ("thanks for the quick refund" is praise), "my money back"
# is. Everything else is left to the classifier trained on the company's own history.
#
#   intent: one of the company's intents
#   any:    the phrases; one is enough
#   unless: (optional) phrases that stop the rule from firing
#   note:   (optional) why the rule exists

- intent: double_charge
  any: [charged twice, charged me twice, billed twice, billed me twice, charged double, double charged,
        double charge, duplicate payment, duplicate charge, identical charges, debited twice, debited two times,
        took the money twice, paid twice]
  unless: [not charged twice, not billed twice]

- intent: account_access
  any: [cannot log in, cannot login, cannot sign in, cannot log into, locked out, account is locked,
        password reset, reset my password, verification code]

- intent: cancel_order
  any: [cancel my order, cancel order, cancel the order, cancel everything, please cancel]

- intent: change_address
  any: [change my delivery address, change my address, change the address, update my address,
        update my shipping address, wrong postcode]

- intent: return
  any: [return label, returns label, drop off a return, return form]

- intent: refund_request
  any: [my money back, full refund, please refund, refund please, want a refund]

- intent: complaint
  any: [formal complaint, speak to a manager, talk to a manager, worst service, completely unacceptable]

- intent: delivery_problem
  any: [parcel never came, parcel never arrived, package never arrived, package never came,
        order never arrived, tracking says delivered, where is my parcel, where is my order,
        where is my package, lost in transit, lost in the post]

- intent: product_question
  any: [dishwasher safe, induction hob, spare parts]
`;

/** The default rules, parsed against the demo company's intents. Throws if the shipped text is invalid (a test guards it). */
export function defaultIntentRules(): IntentRules {
  const parsed = parseIntentRules(DEFAULT_INTENT_RULES_YAML, INTENTS);
  if (!parsed.ok) throw new Error(`the default intent rules are invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.rules;
}
