// The package ships no types; this covers the part the tests use (see its parser.js).
declare module 'webvtt-parser' {
  export interface VttNode {
    type: 'object' | 'text' | 'timestamp';
    name?: string;
    value?: string | number;
    classes?: string[];
    children?: VttNode[];
  }
  export interface VttCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: VttNode[] };
  }
  export interface VttParseResult {
    cues: VttCue[];
    errors: Array<{ message: string; line: number; col: number }>;
    styles: string[];
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters'): VttParseResult;
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
