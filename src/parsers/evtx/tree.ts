/** The XML tree a record decodes to: element names, attributes and text as Windows renders them. */

/**
 * One XML element of a rendered record.
 *
 * @example
 * { name: 'EventID', attrs: [['Qualifiers', '0']], children: ['800'] }
 */
export interface XmlElement {
  name: string;
  /** In document order; attributes whose substitution value was empty are left out. */
  attrs: Array<[string, string]>;
  children: XmlChild[];
}

/** Element content: a child element or a run of text. @example 'Security' */
export type XmlChild = XmlElement | string;

/** A decoded substitution value: text, absent (`null`), an array, or a nested BinXML fragment. @example { items: ['a', 'b'] } */
export type SubValue = string | null | { items: string[] } | { xml: XmlChild[] };
