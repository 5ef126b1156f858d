/**
 * The labelled history of customer messages a front-door intent classifier is trained and
 * tested on: short plain-English texts as customers write them (greetings, chat-style lower
 * case, the odd missing apostrophe), about 15 % of them holding two intents joined the way
 * people join them ("my parcel never came and you charged me twice").
 *
 * Deterministic for a seed; the held-out flag is a hash of the message number, so the split is
 * stable even when the count changes.
 */
import { Rng, hashUnit } from './random.js';

export const INTENTS = [
  'delivery_problem',
  'double_charge',
  'refund_request',
  'return',
  'product_question',
  'complaint',
  'cancel_order',
  'change_address',
  'account_access',
  'praise',
] as const;
export type Intent = (typeof INTENTS)[number];

/** One labelled customer message. */
export interface LabelledMessage {
  id: string;
  text: string;
  /** One intent, or two for a compound message (in the order they appear in the text). */
  intents: Intent[];
  channel: 'form' | 'email' | 'chat';
  /** True for the ~20 % held out for evaluation; never train on these. */
  heldOut: boolean;
}

/**
 * Clause templates per intent. Slots: {product} {order} {days} {amount} {weekday} {carrier}
 * {city}. Clauses start in lower case (except "I") so two can be joined into one sentence.
 */
export const INTENT_TEMPLATES: Record<Intent, readonly string[]> = {
  delivery_problem: [
    'my parcel never came',
    'my order {order} still has not arrived',
    'the {product} was supposed to arrive on {weekday} and it is still not here',
    'tracking says delivered but there is nothing at my door',
    'where is my order? it has been {days} days',
    'the courier left my parcel with a neighbour I do not know',
    'my delivery is {days} days late',
    "{carrier} says my package is delayed again, where is it",
    'I waited at home all day and the parcel never showed up',
    'the tracking for order {order} has not moved since {weekday}',
    'the box arrived crushed and the {product} is broken',
    'only half of my order arrived, the {product} is missing',
    'you promised delivery by {weekday} and nothing came',
    'my parcel seems to be lost somewhere in {city}',
    'the delivery date keeps changing',
    'when will my {product} be delivered',
    'the driver says he could not find my address',
    'I got someone elses parcel instead of mine',
  ],
  double_charge: [
    'you charged me twice',
    'I was charged twice for order {order}',
    'there are two payments of {amount} on my card for one order',
    'my bank statement shows the same charge two times',
    'I paid once but you took the money twice',
    'you billed me {amount} twice for the {product}',
    'I see a duplicate payment from you this morning',
    'my card was debited two times for the same order',
    'why did I get charged double',
    'the payment went through twice when the page froze',
    'two identical charges of {amount} appeared on my account',
    'I was billed again for an order I already paid',
  ],
  refund_request: [
    'I want my money back',
    'please refund order {order}',
    'I am still waiting for my refund of {amount}',
    'can I get a refund for the {product}',
    'you said the refund would take {days} days and it has been longer',
    'when will I get my refund',
    'I returned the {product} weeks ago and have not been refunded',
    'please give me a refund for the missing item',
    'I would like a full refund',
    'the refund for order {order} never reached my account',
    'please refund the delivery fee',
    'I was promised a refund by {weekday}',
  ],
  return: [
    'I would like to return the {product}',
    'how do I send back order {order}',
    'the {product} is the wrong size, can I return it',
    'can you send me a return label',
    'I want to return one item from my order',
    'is it too late to return the {product}',
    'the {product} does not fit in my kitchen so I want to send it back',
    'where do I drop off a return',
    'I ordered the wrong colour and need to exchange it',
    'can I swap the {product} for a different one',
    'I need a return label for order {order}',
    'the {product} is not what I expected, I will send it back',
  ],
  product_question: [
    'is the {product} dishwasher safe',
    'does the {product} work on an induction hob',
    'what are the dimensions of the {product}',
    'is the {product} back in stock soon',
    'can the {product} be used outdoors',
    'what is the warranty on the {product}',
    'do you sell spare parts for the {product}',
    'how do I descale the {product}',
    'what material is the {product} made of',
    'is the {product} suitable for a gift, do you do gift wrap',
    'how many cups does the {product} make',
    'can I buy the {product} in another colour',
    'does the {product} come with a plug for the UK',
  ],
  complaint: [
    'this is the worst service I have ever had',
    'I am really unhappy with how I have been treated',
    'I want to make a formal complaint',
    'nobody ever answers my emails',
    'I have called {days} times and nobody helps',
    'your agent hung up on me',
    'I am fed up with the excuses',
    'this is completely unacceptable',
    'I was promised a call back and nobody called',
    'I will never order from you again',
    'I keep getting passed from one department to another',
    'the quality of the {product} is terrible for the price',
    'I am disgusted with how this has been handled',
    'I want to speak to a manager',
  ],
  cancel_order: [
    'please cancel my order',
    'I want to cancel order {order}',
    'can I still cancel the {product} before it ships',
    'I ordered by mistake, please cancel',
    'cancel my order, I found it cheaper elsewhere',
    'I no longer need the {product}, please stop the order',
    'how do I cancel an order I placed today',
    'please do not send order {order}',
    'I changed my mind about the {product}',
    'cancel everything I ordered on {weekday}',
  ],
  change_address: [
    'I need to change my delivery address',
    'can you send order {order} to my work address instead',
    'I moved last week, please update my address',
    'the address on my order is wrong',
    'please deliver to my neighbour at number {days}',
    'can I change the address before it ships',
    'I typed the wrong postcode for order {order}',
    'please ship the {product} to {city} instead',
    'my flat number is missing from the address',
    'update my shipping address please',
  ],
  account_access: [
    'I cannot log in to my account',
    'the password reset email never arrives',
    'my account is locked',
    'I forgot which email I used to sign up',
    'the site says my password is wrong but it is not',
    'I cannot see my orders when I log in',
    'how do I change the email on my account',
    'I keep getting an error when I try to sign in',
    'please delete my account',
    'the verification code does not work',
    'someone else may have access to my account',
  ],
  praise: [
    'the {product} is lovely',
    'thank you, the delivery was super fast',
    'I love my new {product}',
    'great service as always',
    'your agent was really helpful today',
    'the {product} is even better than in the pictures',
    'just wanted to say thanks for sorting my problem so quickly',
    'the packaging was beautiful',
    'best online shop I have used',
    'my {product} arrived a day early, brilliant',
    'thanks for the quick refund',
  ],
};

const SLOT_PRODUCTS = ['kettle', 'coffee grinder', 'frying pan', 'duvet cover', 'table lamp', 'dinner plates', 'storage boxes', 'french press',
  'stock pot', 'linen napkins', 'espresso cups', 'garden chair', 'bread bin', 'knife set', 'pillow', 'floor lamp', 'mug set', 'casserole dish'];
const SLOT_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'the weekend'];
const SLOT_CARRIERS = ['DHL', 'UPS', 'the courier', 'DPD', 'La Poste', 'FedEx'];
const SLOT_CITIES = ['Lyon', 'Berlin', 'Madrid', 'Leeds', 'Chicago', 'Toronto', 'Osaka', 'Milan', 'Rotterdam', 'Warsaw'];
const GREETINGS = ['Hi,', 'Hello,', 'Hi there,', 'Good morning,', 'Hello team,', 'Dear Maison Tutti,', 'Hey,'];
const CLOSINGS = ['Thanks.', 'Thank you!', 'Please help.', 'Can you sort this out?', 'Thanks in advance.', 'Regards.', 'Please reply asap.', 'Cheers'];
const JOINERS = [' and ', ', and ', '. Also ', '. On top of that ', ', plus ', '. And ', ' - also '];
const NAMES = ['Ann', 'Marc', 'Priya', 'Tom', 'Sofia', 'Kenji', 'Lena', 'Omar', 'Julia', 'Pavel'];

/** Intent frequencies in a service inbox: delivery and refunds dominate, praise is rare. */
const INTENT_WEIGHTS: readonly (readonly [Intent, number])[] = [
  ['delivery_problem', 22], ['double_charge', 7], ['refund_request', 13], ['return', 11], ['product_question', 13],
  ['complaint', 9], ['cancel_order', 8], ['change_address', 6], ['account_access', 6], ['praise', 5],
];

function fill(template: string, rng: Rng): string {
  return template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'product': return rng.pick(SLOT_PRODUCTS);
      case 'order': return `#${rng.int(100000, 999999)}`;
      case 'days': return String(rng.int(2, 14));
      case 'amount': return `€${rng.int(9, 240)}.${rng.pick(['00', '99', '50', '95'])}`;
      case 'weekday': return rng.pick(SLOT_WEEKDAYS);
      case 'carrier': return rng.pick(SLOT_CARRIERS);
      case 'city': return rng.pick(SLOT_CITIES);
      default: return slot;
    }
  });
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

const QUESTION = /^(where|when|how|can|could|is|does|do|what|why|will|would)\b/i;

function endClause(clause: string): string {
  if (/[.!?]$/.test(clause)) return clause;
  return QUESTION.test(clause) ? `${clause}?` : `${clause}.`;
}

/**
 * `count` labelled messages (default 2,000) for a seed. About 15 % carry two intents; about 20 %
 * are held out (`heldOut`), chosen by a hash of the message number.
 */
export function demoMessageHistory(seed: number, count = 2000): LabelledMessage[] {
  const rng = new Rng(seed, 0x6d657373);
  const out: LabelledMessage[] = [];
  for (let i = 0; i < count; i++) {
    const firstIntent = rng.weighted(INTENT_WEIGHTS);
    const intents: Intent[] = [firstIntent];
    if (rng.chance(0.15)) {
      let second = rng.weighted(INTENT_WEIGHTS);
      while (second === firstIntent) second = rng.weighted(INTENT_WEIGHTS);
      intents.push(second);
    }
    const clauses = intents.map((intent) => fill(rng.pick(INTENT_TEMPLATES[intent]), rng));
    const first = clauses[0] ?? '';
    let body: string;
    if (clauses.length > 1) {
      const joiner = rng.pick(JOINERS);
      const second = clauses[1] ?? '';
      // Questions get their own sentence: "My account is locked. Also, where is my order?"
      const separate = joiner.startsWith('.') || QUESTION.test(first) || QUESTION.test(second);
      if (separate) {
        const lead = joiner.startsWith('.') ? joiner.slice(2) : rng.pick(['Also, ', 'And ', '']);
        const tail = lead === '' ? capitalise(second) : lead + second;
        body = `${endClause(capitalise(first))} ${tail}${QUESTION.test(second) ? '?' : '.'}`;
      } else {
        body = endClause(capitalise(first) + joiner + second);
      }
    } else {
      body = endClause(capitalise(first));
    }
    const channel = rng.weighted<LabelledMessage['channel']>([['form', 4], ['email', 3], ['chat', 3]]);
    let text: string;
    if (channel === 'chat') {
      text = rng.chance(0.5) ? body.toLowerCase().replace(/[.!]$/, '') : body;
    } else if (channel === 'email') {
      const greeting = rng.chance(0.7) ? `${rng.pick(GREETINGS)}\n` : '';
      const closing = rng.chance(0.6) ? `\n${rng.pick(CLOSINGS)}` : '';
      const signature = rng.chance(0.4) ? `\n${rng.pick(NAMES)}` : '';
      text = greeting + body + closing + signature;
    } else {
      const greeting = rng.chance(0.25) ? `${rng.pick(GREETINGS)} ` : '';
      const closing = rng.chance(0.2) ? ` ${rng.pick(CLOSINGS)}` : '';
      text = greeting + (greeting && !/^I\b/.test(body) ? body.charAt(0).toLowerCase() + body.slice(1) : body) + closing;
    }
    out.push({ id: `msg-${String(i + 1).padStart(5, '0')}`, text, intents, channel, heldOut: hashUnit(seed, i, 0x686f6c64) < 0.2 });
  }
  return out;
}
