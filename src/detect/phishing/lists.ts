import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../version.js';

/**
 * The reference lists the phishing signals compare against. URL shorteners and disposable
 * mail domains are a vendored extract of the MISP warning lists (`models/phishing-lists.json`,
 * CC0, provenance inside the file). Free-mail providers, impersonated brands and abused TLDs
 * have no public list in the shared data, so they are kept here, short and reviewable.
 */
export interface PhishingLists {
  shorteners: Set<string>;
  disposable: Set<string>;
  freemail: Set<string>;
  /** Brand name (as a reader would see it in a display name) → its real registrable domains. */
  brands: Map<string, string[]>;
  /** The brands compiled for display-name matching (whole words). */
  brandNames: Array<{ brand: string; re: RegExp; domains: string[] }>;
  suspiciousTlds: Set<string>;
}

/** Big consumer mailbox providers: a sender here is a private person, whatever the display name says. */
const FREEMAIL = [
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'rocketmail.com', 'hotmail.com', 'hotmail.co.uk',
  'hotmail.fr', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'gmx.com', 'gmx.de', 'gmx.net',
  'web.de', 'mail.com', 'mail.ru', 'yandex.ru', 'yandex.com', 'protonmail.com', 'proton.me', 'zoho.com', 'qq.com', '163.com',
  '126.com', 'sina.com', 'rediffmail.com', 'libero.it', 'orange.fr', 'laposte.net', 'btinternet.com', 'comcast.net', 'verizon.net',
  'att.net', 'sbcglobal.net', 'earthlink.net', 'juno.com', 'netzero.net', 'tutanota.com', 'fastmail.com', 'lycos.com', 'excite.com',
];

/**
 * Brands phishing impersonates, with their real domains: the healthcare vendors, payers and
 * agencies a hospital deals with, and the consumer and cloud brands of every phishing corpus.
 */
const BRANDS: Array<[string, string[]]> = [
  ['paypal', ['paypal.com']], ['ebay', ['ebay.com', 'ebay.co.uk', 'ebay.de']], ['amazon', ['amazon.com', 'amazon.co.uk', 'amazon.de']],
  ['apple', ['apple.com', 'icloud.com']], ['microsoft', ['microsoft.com', 'office.com', 'office365.com', 'microsoftonline.com', 'live.com', 'outlook.com', 'sharepoint.com', 'onedrive.com']],
  ['office 365', ['office.com', 'office365.com', 'microsoft.com']], ['outlook', ['outlook.com', 'office.com', 'microsoft.com']], ['onedrive', ['onedrive.com', 'live.com', 'microsoft.com']],
  ['sharepoint', ['sharepoint.com', 'microsoft.com']], ['google', ['google.com']], ['docusign', ['docusign.com', 'docusign.net']], ['dropbox', ['dropbox.com']],
  ['adobe', ['adobe.com']], ['linkedin', ['linkedin.com']], ['facebook', ['facebook.com', 'facebookmail.com']], ['wetransfer', ['wetransfer.com']],
  ['zoom', ['zoom.us']], ['webex', ['webex.com']], ['okta', ['okta.com']], ['duo', ['duosecurity.com', 'duo.com']], ['salesforce', ['salesforce.com']],
  ['citrix', ['citrix.com']], ['workday', ['workday.com', 'myworkday.com']], ['adp', ['adp.com']], ['paychex', ['paychex.com']], ['ukg', ['ukg.com', 'kronos.com']],
  ['chase', ['chase.com', 'jpmorgan.com']], ['bank of america', ['bankofamerica.com', 'bofa.com']], ['wells fargo', ['wellsfargo.com']], ['citibank', ['citibank.com', 'citi.com']],
  ['us bank', ['usbank.com']], ['hsbc', ['hsbc.com', 'hsbc.co.uk']], ['barclays', ['barclays.co.uk', 'barclays.com']], ['washington mutual', ['wamu.com']],
  ['irs', ['irs.gov']], ['fedex', ['fedex.com']], ['ups', ['ups.com']], ['dhl', ['dhl.com']], ['usps', ['usps.com']], ['intuit', ['intuit.com']],
  ['epic', ['epic.com']], ['mychart', ['mychart.com', 'epic.com']], ['cerner', ['cerner.com', 'oracle.com']], ['oracle health', ['oracle.com', 'cerner.com']],
  ['meditech', ['meditech.com']], ['allscripts', ['allscripts.com', 'veradigm.com']], ['athenahealth', ['athenahealth.com']], ['eclinicalworks', ['eclinicalworks.com']],
  ['optum', ['optum.com']], ['unitedhealthcare', ['uhc.com', 'unitedhealthcare.com']], ['aetna', ['aetna.com']], ['cigna', ['cigna.com']], ['anthem', ['anthem.com']],
  ['humana', ['humana.com']], ['blue cross', ['bcbs.com']], ['kaiser permanente', ['kp.org', 'kaiserpermanente.org']], ['change healthcare', ['changehealthcare.com']],
  ['availity', ['availity.com']], ['mckesson', ['mckesson.com']], ['cardinal health', ['cardinalhealth.com']], ['medline', ['medline.com']], ['labcorp', ['labcorp.com']],
  ['quest diagnostics', ['questdiagnostics.com']], ['philips', ['philips.com']], ['ge healthcare', ['gehealthcare.com']], ['medtronic', ['medtronic.com']],
  ['baxter', ['baxter.com']], ['siemens healthineers', ['siemens-healthineers.com']], ['medicare', ['medicare.gov', 'cms.gov']], ['cms', ['cms.gov']], ['hhs', ['hhs.gov']],
  ['nhs', ['nhs.uk', 'nhs.net']], ['doximity', ['doximity.com']],
];

/**
 * TLDs that carried a disproportionate share of abuse in public abuse reports (Spamhaus,
 * Interisle): free or near-free registration, and new gTLDs bought in bulk for campaigns.
 */
const SUSPICIOUS_TLDS = [
  'tk', 'ml', 'ga', 'cf', 'gq', 'xyz', 'top', 'club', 'work', 'click', 'link', 'zip', 'mov', 'country', 'kim', 'science', 'party', 'gdn',
  'loan', 'win', 'bid', 'men', 'review', 'stream', 'download', 'racing', 'date', 'faculty', 'accountant', 'cricket', 'trade', 'webcam',
  'rest', 'fit', 'icu', 'buzz', 'cyou', 'sbs', 'cfd', 'monster', 'quest', 'support', 'online', 'site', 'info', 'ru', 'cn', 'su',
];

let cached: PhishingLists | undefined;

/**
 * The lists, loaded once (the vendored file; built-in lists when it is missing).
 *
 * @example
 * phishingLists().shorteners.has('bit.ly') // true
 */
export function phishingLists(): PhishingLists {
  if (cached) return cached;
  let shorteners: string[] = ['bit.ly', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly'];
  let disposable: string[] = [];
  try {
    const f = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'models/phishing-lists.json'), 'utf8')) as { shorteners: string[]; disposable: string[] };
    shorteners = f.shorteners;
    disposable = f.disposable;
  } catch {
    // Keep the built-in short list: the detector still works without the vendored file.
  }
  cached = {
    shorteners: new Set(shorteners),
    disposable: new Set(disposable),
    freemail: new Set(FREEMAIL),
    brands: new Map(BRANDS),
    brandNames: BRANDS.map(([brand, domains]) => ({ brand, re: new RegExp(`\\b${brand.replace(/ /g, '\\s*')}\\b`, 'i'), domains })),
    suspiciousTlds: new Set(SUSPICIOUS_TLDS),
  };
  return cached;
}

/** Every brand domain (for lookalike checks). */
export function brandDomains(lists: PhishingLists): string[] {
  return [...new Set([...lists.brands.values()].flat())];
}
