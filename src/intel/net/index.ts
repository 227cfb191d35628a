export { parseIp, parseIPv4, parseIPv6, parseCidr, inCidr, ipText, type Cidr } from './ip.js';
export { CidrTrie } from './cidr-trie.js';
export { DomainTrie, normaliseDomain } from './domain-trie.js';
