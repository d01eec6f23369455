/**
 * XML output for the GEXF and GraphML writers, through fast-xml-builder: documents are
 * described as plain objects and the library writes and escapes them. Every attribute value
 * and text passes through xmlSafe first, so no stored text can make a document malformed.
 */
import XMLBuilder from 'fast-xml-builder';

/**
 * Characters XML 1.0 cannot carry even as character references: C0 controls other than tab,
 * line feed and carriage return, U+FFFE/U+FFFF, and unpaired surrogate halves.
 */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with characters XML cannot hold replaced by U+FFFD (the replacement character). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

/** An element as fast-xml-builder takes it: "@_name" keys are attributes, "#text" is text, arrays repeat. */
export type XmlElement = { [key: string]: string | XmlElement | XmlElement[] | undefined };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // The default writes an attribute whose value is "true" as a bare name, which is not XML.
  suppressBooleanAttributes: false,
  processEntities: true,
  tagValueProcessor: (_name, value) => xmlSafe(String(value)),
  attributeValueProcessor: (_name, value) => xmlSafe(String(value)),
});

/** A whole UTF-8 document with its XML declaration. */
export function xmlDocument(rootName: string, root: XmlElement): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [rootName]: root });
}
