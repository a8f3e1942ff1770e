/** Names the synthetic project is built from: apps, models, fields, and their Python spellings. */

// prettier-ignore
export const DOMAINS = [
  'accounts', 'billing', 'catalog', 'orders', 'shipping', 'payments', 'support', 'crm', 'inventory', 'analytics',
  'marketing', 'notifications', 'reports', 'scheduling', 'learning', 'devices', 'insurance', 'people', 'finance',
  'assets', 'releases', 'integrations', 'audit', 'content', 'search', 'reviews', 'loyalty', 'partners', 'compliance',
  'messaging',
];
export const DOMAIN_SUFFIXES = [
  'core',
  'api',
  'legacy',
  'v2',
  'admin',
  'tasks',
  'sync',
  'public',
  'internal',
  'exports',
];
// prettier-ignore
export const NOUNS = [
  'account', 'address', 'invoice', 'order', 'product', 'customer', 'shipment', 'payment', 'refund', 'coupon',
  'category', 'review', 'ticket', 'message', 'notification', 'report', 'subscription', 'plan', 'team', 'member',
  'project', 'task', 'comment', 'attachment', 'document', 'vendor', 'warehouse', 'stock', 'price', 'discount',
  'campaign', 'lead', 'contact', 'event', 'booking', 'venue', 'course', 'lesson', 'enrolment', 'certificate', 'device',
  'sensor', 'reading', 'alert', 'policy', 'claim', 'contract', 'employee', 'timesheet', 'expense', 'budget', 'asset',
  'licence', 'release', 'build', 'deployment', 'webhook', 'session',
];
export const MODEL_SUFFIXES = ['', '', '', 'Item', 'Line', 'Entry', 'Log', 'Version', 'Setting', 'Rule', 'Snapshot'];
// prettier-ignore
export const FIELD_NAMES = [
  'name', 'title', 'code', 'description', 'notes', 'amount', 'total', 'quantity', 'status', 'priority', 'is_active',
  'is_archived', 'starts_at', 'ends_at', 'due_date', 'email', 'website', 'external_id', 'reference', 'metadata',
  'position', 'weight', 'currency', 'country', 'city', 'phone', 'score', 'label', 'colour', 'source', 'channel',
  'version', 'checksum', 'retries', 'last_error', 'published_at', 'expires_on', 'tax_rate', 'balance', 'sku',
];

export const pascal = (snake) =>
  snake
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
export const snake = (pascalName) => pascalName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
export const plural = (word) =>
  word.endsWith('s') ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`;
