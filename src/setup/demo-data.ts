import type { AdvisorRole } from '../common/auth/principal';
import type { CreateStoreDto } from '../stores/dto/store.dto';
import type { WeeklyHours } from '../stores/store.entity';
import type { TargetingRuleInput } from '../targeting/engine/targeting-rule';

/** Demo content: a small French retailer with three stores, a team of every role and a few known clients. */
export const DEMO_PASSWORD = 'relais-demo-2026';
export const DEMO_API_KEY = 'relais-demo-api-key-not-for-production';
export const DEMO_SITE_KEY = 'demo-site-key';

const retailHours: WeeklyHours = {
  '1': [['09:30', '19:30']],
  '2': [['09:30', '19:30']],
  '3': [['09:30', '19:30']],
  '4': [['09:30', '19:30']],
  '5': [['09:30', '20:00']],
  '6': [['09:30', '20:00']],
};

export const DEMO_STORES: CreateStoreDto[] = [
  {
    code: 'PAR-RIVOLI',
    name: 'Relais Paris Rivoli',
    address: '120 rue de Rivoli',
    postcode: '75001',
    city: 'Paris',
    latitude: 48.8606,
    longitude: 2.3445,
    phone: '+33142000001',
    openingHours: retailHours,
    services: ['click_and_collect', 'repair', 'tv_demo'],
  },
  {
    code: 'LYO-PARTDIEU',
    name: 'Relais Lyon Part-Dieu',
    address: '17 rue du Docteur Bouchut',
    postcode: '69003',
    city: 'Lyon',
    latitude: 45.7606,
    longitude: 4.8564,
    phone: '+33472000002',
    openingHours: retailHours,
    services: ['click_and_collect', 'appliance_demo'],
  },
  {
    code: 'BDX-STECATH',
    name: 'Relais Bordeaux Sainte-Catherine',
    address: '45 rue Sainte-Catherine',
    postcode: '33000',
    city: 'Bordeaux',
    latitude: 44.8378,
    longitude: -0.5736,
    phone: '+33556000003',
    openingHours: { ...retailHours, '7': [['11:00', '18:00']] },
    services: ['click_and_collect', 'fashion_fitting'],
  },
];

export const DEMO_ADVISORS: {
  email: string;
  name: string;
  roles: AdvisorRole[];
  skills: string[];
  languages: string[];
  channels: ('chat' | 'phone' | 'store')[];
  store?: string;
}[] = [
  { email: 'admin@relais.demo', name: 'Camille Admin', roles: ['admin'], skills: [], languages: ['fr', 'en'], channels: ['chat'] },
  { email: 'supervisor@relais.demo', name: 'Sofiane Supervisor', roles: ['supervisor'], skills: ['after_sales'], languages: ['fr', 'en'], channels: ['chat', 'phone'] },
  {
    email: 'chat@relais.demo',
    name: 'Julie Chat',
    roles: ['chat_advisor'],
    skills: ['tv_audio', 'computing', 'product_advice', 'payments'],
    languages: ['fr', 'en'],
    channels: ['chat'],
  },
  { email: 'chat2@relais.demo', name: 'Marc Chat', roles: ['chat_advisor'], skills: ['appliances', 'after_sales', 'product_advice'], languages: ['fr'], channels: ['chat'] },
  { email: 'phone@relais.demo', name: 'Nadia Phone', roles: ['phone_advisor'], skills: ['after_sales', 'payments'], languages: ['fr', 'en'], channels: ['phone'] },
  {
    email: 'store.paris@relais.demo',
    name: 'Thomas Store Paris',
    roles: ['store_advisor'],
    skills: ['tv_audio', 'computing'],
    languages: ['fr'],
    channels: ['store'],
    store: 'PAR-RIVOLI',
  },
  {
    email: 'store.lyon@relais.demo',
    name: 'Inès Store Lyon',
    roles: ['store_advisor'],
    skills: ['appliances'],
    languages: ['fr', 'en'],
    channels: ['store'],
    store: 'LYO-PARTDIEU',
  },
];

export const DEMO_CUSTOMERS = [
  {
    name: 'Léa Martin',
    email: 'lea.martin@example.fr',
    phone: '06 12 34 56 78',
    locale: 'fr',
    tags: ['vip'],
    store: 'PAR-RIVOLI',
    owner: 'store.paris@relais.demo',
    identities: [
      { kind: 'loyalty_card' as const, value: 'FID-100001' },
      { kind: 'external_id' as const, value: 'ERP-5001' },
    ],
    interactions: [
      { channel: 'store' as const, type: 'purchase', summary: 'OLED TV 55" and wall mount', amount: 1499, daysAgo: 120 },
      { channel: 'web' as const, type: 'purchase', summary: 'Soundbar', amount: 349.9, daysAgo: 40 },
      { channel: 'chat' as const, type: 'chat', summary: 'Asked about extended warranty', daysAgo: 12 },
      { channel: 'web' as const, type: 'cart_abandoned', summary: 'Robot vacuum left in cart', daysAgo: 2 },
    ],
  },
  {
    name: 'Hugo Bernard',
    email: 'hugo.bernard@example.fr',
    phone: '+33 6 98 76 54 32',
    locale: 'fr',
    tags: ['newsletter'],
    store: 'LYO-PARTDIEU',
    owner: 'store.lyon@relais.demo',
    identities: [{ kind: 'mobile_device' as const, value: 'ios-7f3a9c' }],
    interactions: [
      { channel: 'mobile' as const, type: 'purchase', summary: 'Washing machine 9 kg', amount: 649, daysAgo: 60 },
      { channel: 'phone' as const, type: 'call', summary: 'Delivery slot rescheduled', daysAgo: 55 },
      { channel: 'store' as const, type: 'store_visit', summary: 'Looked at dryers', daysAgo: 5 },
    ],
  },
  {
    name: 'Emma Wilson',
    email: 'emma.wilson@example.co.uk',
    phone: '+44 7911 123456',
    locale: 'en',
    tags: [],
    store: 'BDX-STECATH',
    identities: [{ kind: 'external_id' as const, value: 'ERP-5003' }],
    interactions: [
      { channel: 'web' as const, type: 'purchase', summary: 'Leather jacket', amount: 229, daysAgo: 20 },
      { channel: 'email' as const, type: 'return_requested', summary: 'Jacket size exchange', daysAgo: 15 },
    ],
  },
  {
    name: 'Chloé Petit',
    email: 'chloe.petit@example.fr',
    phone: '07 61 22 33 44',
    locale: 'fr',
    tags: ['student'],
    identities: [],
    interactions: [{ channel: 'web' as const, type: 'purchase', summary: 'Laptop 14"', amount: 899, daysAgo: 200 }],
  },
];

/**
 * The classic French e-commerce scenarios, so a newcomer sees them fire within a minute of `npm start`. A chat
 * invitation needs a free advisor; with nobody online the idle-cart rule offers a callback instead.
 */
export const DEMO_RULES: TargetingRuleInput[] = [
  {
    name: 'Invitation: cart idle for 40 s',
    enabled: true,
    priority: 100,
    conditions: {
      all: [
        { fact: 'cart.items', operator: 'greaterThan', value: 0 },
        { fact: 'cart.idleSeconds', operator: 'greaterThanInclusive', value: 40 },
      ],
    },
    action: { type: 'chat_invitation', message: 'Une question sur votre panier ? Un conseiller est là pour vous aider.' },
    fallbackAction: { type: 'callback_offer', message: 'Une question sur votre panier ? Un conseiller peut vous rappeler au moment qui vous arrange.' },
  },
  {
    name: 'Callback offer: cart over 1,000 EUR',
    enabled: true,
    priority: 80,
    conditions: { all: [{ fact: 'cart.value', operator: 'greaterThan', value: 1000 }] },
    action: { type: 'callback_offer', message: 'Un gros achat mérite conseil : un expert vous rappelle gratuitement.' },
  },
  {
    name: 'Invitation: a page seen twice',
    enabled: true,
    priority: 60,
    conditions: {
      all: [
        { fact: 'page.viewCount', operator: 'greaterThanInclusive', value: 2 },
        { fact: 'page.type', operator: 'equal', value: 'product' },
      ],
    },
    action: { type: 'chat_invitation', message: 'Vous hésitez ? Comparons ensemble les modèles.' },
  },
  {
    name: 'Chat button: products over 300 EUR',
    enabled: true,
    priority: 50,
    conditions: { all: [{ fact: 'product.price', operator: 'greaterThanInclusive', value: 300 }] },
    action: { type: 'chat_button', message: 'Une question sur ce produit ? Discutons.' },
  },
];
