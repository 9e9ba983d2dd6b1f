/** Word pools for generated records, with unicode and emoji on purpose. */
export const FIRST = ['Ada', 'Zoë', 'José', 'Søren', 'Ольга', '李', 'Émilie', 'Noah', 'Aoife', 'Mia', 'Łukasz', 'Fatima', 'Ngozi', 'Kai', 'Ω Omar'];
export const LAST = ['Lovelace', 'Müller', 'García', 'O\'Brien', 'Nakamura 中村', 'Smith', 'Ødegaard', 'Nguyễn', 'Kowalski', 'Dubois 🎉', 'Silva', 'Ivanova'];
export const CITIES: Array<[string, string, string, string, string]> = [
  ['Ireland', 'Dublin', 'Dublin', 'IRL', 'EU'],
  ['United States', 'California', 'San Francisco', 'USA', 'NA'],
  ['Germany', 'Berlin', 'Berlin', 'DEU', 'EU'],
  ['Japan', 'Tokyo', '東京', 'JPN', 'AS'],
  ['Brazil', 'São Paulo', 'São Paulo', 'BRA', 'SA'],
  ['France', 'Île-de-France', 'Paris', 'FRA', 'EU'],
];
export const COMPANY_WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Ünïcode', '株式会社', 'Pied Piper 🍕'];
export const INDUSTRIES = ['Software', 'Retail', 'Finance', 'Health', 'Education', null];
export const PLANS = ['Free', 'Pro', 'Enterprise'];
export const TAG_NAMES = ['vip', 'churn-risk', 'beta 🧪', 'Enterprise', 'trial', 'NPS: 10', 'München', 'needs.follow-up', '🔥 hot lead', 'partner'];
export const SUBJECTS = ['Help with billing', 'Can\'t log in 😩', 'Feature request: dark mode', 'Réclamation', '返金について', 'Bug in export', 'Hello!'];
export const BODIES = ['<p>I need support with my invoice</p>', '<p>Thanks, that worked 👍</p>', '<p>Quick question about the API</p>', '<p>Où est ma commande ?</p>', '<p>The export button does nothing</p>'];
export const EVENT_NAMES = ['signed-in', 'invited-teammate', 'exported-report', 'viewed-pricing', 'upgraded plan', 'ordered 🍕'];
export const BROWSERS = ['chrome', 'firefox', 'safari', null];
export const OSES = ['OS X 10.15', 'Windows 10', 'Linux', 'iOS 17', null];
