import {
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { details, displayTitle, paragraphs, type TimestampMode } from './details.ts';
import type { Transcript } from './types.ts';

const GREY = '666666';
const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };

function detailsTable(t: Transcript): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [2200, 7300],
    borders: {
      top: RULE,
      bottom: RULE,
      left: RULE,
      right: RULE,
      insideHorizontal: RULE,
      insideVertical: RULE,
    },
    rows: details(t).map(
      ([label, value]) =>
        new TableRow({
          children: [
            new TableCell({
              children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })],
            }),
            new TableCell({ children: [new Paragraph({ children: [new TextRun(value)] })] }),
          ],
        }),
    ),
  });
}

/**
 * The transcript as a Word document: a title, a details table, then one paragraph per turn with
 * a grey `[hh:mm:ss]` timestamp and the speaker's name in bold. The docx library writes every
 * run as XML text, so markup typed into a transcript stays literal text.
 */
export async function renderDocx(t: Transcript, timestamps: TimestampMode = 'turn'): Promise<Buffer> {
  const title = displayTitle(t);
  const body = paragraphs(t, timestamps).map(
    (p) =>
      new Paragraph({
        spacing: { after: 160 },
        children: [
          ...(p.timestamp ? [new TextRun({ text: `${p.timestamp} `, color: GREY })] : []),
          new TextRun({ text: `${p.speaker}:`, bold: true }),
          ...p.chunks.flatMap((c) => [
            ...(c.timestamp ? [new TextRun({ text: ` ${c.timestamp}`, color: GREY })] : []),
            new TextRun(` ${c.text}`),
          ]),
        ],
      }),
  );
  if (body.length === 0) body.push(new Paragraph({ children: [new TextRun('(Nothing was transcribed.)')] }));
  const doc = new Document({
    creator: 'Notula',
    lastModifiedBy: 'Notula',
    title,
    description: 'Meeting transcript',
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
          detailsTable(t),
          new Paragraph({ children: [] }),
          ...body,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
