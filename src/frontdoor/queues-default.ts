/**
 * The default routing configuration, as a string so the build needs no file copying. It must
 * stay identical to queues.yaml (the file an operations lead copies and edits); a test checks
 * that they match.
 */
export const DEFAULT_QUEUES_YAML = `# Tutti's front-door routing for the demo company: the queues work items go to, the teams that
# work them, and the agents. Everything here is internal: no queue, team, department, region or
# agent name is ever shown to a customer.
#
# How a work item finds an agent (src/frontdoor/routing.ts):
#   queue (by intent; unknown or low-confidence intents go to triage)
#   → required skills → optional skills (until relaxOptionalAfter) → language and region
#   → presence online → spare capacity; then round-robin or least-loaded, ties by agent id.
# Unassigned work moves to overflowTo after overflowAfter. Durations: 30m, 12h, 2d, 1w.
version: "default-2026.1"
description: >
  One queue per team: logistics handles deliveries and addresses, billing handles charges and
  refunds, sales handles cancellations and returns, service handles questions, complaints,
  account access and praise. Triage reads what the classifier was unsure of; floor leads take
  overflow from every queue.

triage:
  queue: triage
  minConfidence: 0.6         # as understand.ts DEFAULT_TRIAGE_BELOW

queues:
  - name: logistics-delivery
    department: logistics
    team: Delivery Desk
    intents: [delivery_problem, change_address]
    requiredSkills: [shipping]
    optionalSkills: [carrier_claims]
    relaxOptionalAfter: 10m
    overflowTo: overflow
    overflowAfter: 30m
    strategy: least-loaded
    sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 }

  - name: billing-payments
    department: billing
    team: Payments Team
    intents: [double_charge, refund_request]
    requiredSkills: [payments]
    optionalSkills: [chargebacks]
    relaxOptionalAfter: 10m
    overflowTo: overflow
    overflowAfter: 30m
    strategy: least-loaded
    sla: { firstResponse: 2h, resolution: 48h, warnAt: 0.8 }

  - name: sales-orders
    department: sales
    team: Order Desk
    intents: [cancel_order, return]
    requiredSkills: [orders]
    optionalSkills: [returns_portal]
    relaxOptionalAfter: 10m
    overflowTo: overflow
    overflowAfter: 20m          # a cancellation must beat the warehouse
    strategy: round-robin
    sla: { firstResponse: 30m, resolution: 8h, warnAt: 0.8 }

  - name: service-care
    department: service
    team: Customer Care
    intents: [product_question, complaint, account_access, praise]
    requiredSkills: [support]
    optionalSkills: [product_expert]
    relaxOptionalAfter: 15m
    overflowTo: overflow
    overflowAfter: 30m
    strategy: round-robin
    sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 }

  - name: triage
    department: service
    team: Triage Desk
    intents: []
    requiredSkills: [triage]
    overflowTo: overflow
    overflowAfter: 1h
    strategy: round-robin
    sla: { firstResponse: 30m, resolution: 24h, warnAt: 0.8 }

  - name: overflow
    department: service
    team: Floor Leads
    intents: []
    strategy: least-loaded
    sla: { firstResponse: 2h, resolution: 48h, warnAt: 0.8 }

# languages: what the agent writes; regions: the customers' regions the agent serves.
agents:
  # Delivery Desk
  - { id: agt_lena, name: Lena Fischer, queues: [logistics-delivery], skills: [shipping, carrier_claims], languages: [de, en], regions: [eu], capacity: 4 }
  - { id: agt_hugo, name: Hugo Lefebvre, queues: [logistics-delivery], skills: [shipping], languages: [fr, en], regions: [eu], capacity: 4 }
  - { id: agt_camila, name: Camila Rojas, queues: [logistics-delivery], skills: [shipping, carrier_claims], languages: [es, en], regions: [americas], capacity: 4 }
  - { id: agt_kenji, name: Kenji Sato, queues: [logistics-delivery], skills: [shipping], languages: [en], regions: [asia], capacity: 3 }
  - { id: agt_priya, name: Priya Nair, queues: [logistics-delivery, overflow], skills: [shipping, carrier_claims], languages: [en, fr], regions: [asia, eu], capacity: 4 }
  # Payments Team
  - { id: agt_mathilde, name: Mathilde Roux, queues: [billing-payments], skills: [payments, chargebacks], languages: [fr, en], regions: [eu], capacity: 3 }
  - { id: agt_jonas, name: Jonas Weber, queues: [billing-payments], skills: [payments], languages: [de, en], regions: [eu], capacity: 4 }
  - { id: agt_diego, name: Diego Alvarez, queues: [billing-payments, overflow], skills: [payments, chargebacks], languages: [es, en], regions: [americas], capacity: 4 }
  - { id: agt_meilin, name: Mei Lin, queues: [billing-payments], skills: [payments], languages: [en], regions: [asia], capacity: 3 }
  - { id: agt_olivia, name: Olivia Grant, queues: [billing-payments], skills: [payments], languages: [en, es], regions: [americas], capacity: 4 }
  # Order Desk
  - { id: agt_sofia, name: Sofia Marin, queues: [sales-orders], skills: [orders, returns_portal], languages: [es, en, fr], regions: [eu], capacity: 5 }
  - { id: agt_lukas, name: Lukas Brandt, queues: [sales-orders], skills: [orders], languages: [de, en], regions: [eu], capacity: 5 }
  - { id: agt_aiko, name: Aiko Tanaka, queues: [sales-orders], skills: [orders], languages: [en], regions: [asia], capacity: 4 }
  - { id: agt_marcus, name: Marcus Reed, queues: [sales-orders], skills: [orders, returns_portal], languages: [en], regions: [americas], capacity: 5 }
  # Customer Care
  - { id: agt_margaux, name: Margaux Dubois, queues: [service-care, overflow], skills: [support, product_expert], languages: [fr, en], regions: [eu], capacity: 4 }
  - { id: agt_anke, name: Anke Vogel, queues: [service-care], skills: [support], languages: [de, en], regions: [eu], capacity: 4 }
  - { id: agt_mateo, name: Mateo Silva, queues: [service-care], skills: [support, product_expert], languages: [es, en], regions: [americas], capacity: 4 }
  - { id: agt_ravi, name: Ravi Menon, queues: [service-care], skills: [support], languages: [en], regions: [asia], capacity: 4 }
  - { id: agt_hannah, name: Hannah Brooks, queues: [service-care], skills: [support, product_expert], languages: [en], regions: [americas, asia], capacity: 3 }
  - { id: agt_noemie, name: Noémie Laurent, queues: [service-care], skills: [support], languages: [fr, es, en], regions: [eu, americas], capacity: 4 }
  # Triage Desk
  - { id: agt_ines, name: Inès Moreau, queues: [triage], skills: [triage, support], languages: [fr, es, en], regions: [eu, americas], capacity: 6 }
  - { id: agt_felix, name: Felix Hartmann, queues: [triage], skills: [triage], languages: [de, en], regions: [eu, asia], capacity: 6 }
  - { id: agt_yuna, name: Yuna Park, queues: [triage], skills: [triage], languages: [en], regions: [asia, americas], capacity: 6 }
  # Floor Leads (with Priya, Diego and Margaux above)
  - { id: agt_bruno, name: Bruno Costa, queues: [overflow], skills: [supervisor], languages: [es, en, fr], regions: [eu, americas], capacity: 6 }
  - { id: agt_greta, name: Greta Lindqvist, queues: [overflow], skills: [supervisor], languages: [de, en], regions: [eu, asia], capacity: 6 }
`;
