// Reading one uploaded file (docs/evidence.md): a multipart/form-data body with one file part,
// parsed as it streams by busboy. At most EVIDENCE_MAX_BYTES are kept: past that the parser stops
// handing us bytes and the rest of the body is read and dropped, so an 11 MB upload never sits
// in memory whole. The type is told from the first bytes (PDF, PNG, JPEG), never from the file's
// name or the part's declared type; a file that is none of them is dropped as soon as its first
// bytes say so. The caller stores what this returns, or nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_PER_CASE,
  type EvidenceMediaType,
  type EvidenceRow,
} from '../../db/evidence.ts';
import { CodedError } from '../errors.ts';

export interface ReceivedFile {
  mediaType: EvidenceMediaType;
  content: Buffer;
  sha256: string;
}

/** The media type the content's first bytes show; undefined for anything else. */
export function sniffMediaType(head: Buffer): EvidenceMediaType | undefined {
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** Bytes enough to tell the three types apart. */
const SNIFF_BYTES = 8;

export const EXTENSIONS: Record<EvidenceMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

export function newEvidenceId(): string {
  return `ev_${randomBytes(12).toString('base64url')}`;
}

export const EVIDENCE_ID = /^ev_[A-Za-z0-9_-]{16}$/;

/** What an upload answers: the file's id, its type and size. */
export function evidenceView(row: EvidenceRow) {
  return { id: row.id, type: row.mediaType, bytes: row.bytes };
}

export function limitReached(): CodedError {
  return new CodedError(
    'evidence_limit_reached',
    `A case takes at most ${EVIDENCE_MAX_PER_CASE} files; this one has them all.`,
  );
}

type Refusal = CodedError;

/**
 * Reads the request's one file. Resolves once the whole body has been read (a refusal too: the
 * client gets its answer after it finished sending, not a reset connection), or rejects with the
 * refusal's CodedError.
 */
export function receiveEvidence(req: Request): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const type = req.get('content-type') ?? '';
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      reject(
        new CodedError('unsupported_media_type', 'Send the file as multipart/form-data, one file part per request.'),
      );
      req.resume();
      return;
    }
    const declared = Number(req.get('content-length'));
    let parser: busboy.Busboy;
    try {
      // busboy calls a file that reaches fileSize cut off, so the limit is one byte past the largest taken.
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: EVIDENCE_MAX_BYTES + 1, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch {
      reject(new CodedError('invalid_request', 'The multipart body has no boundary; send it as multipart/form-data.'));
      req.resume();
      return;
    }
    let refusal: Refusal | undefined;
    let received: ReceivedFile | undefined;
    let files = 0;
    let settled = false;
    const refuse = (error: Refusal) => {
      refusal ??= error;
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      if (refusal) reject(refusal);
      else if (!received)
        reject(new CodedError('evidence_missing', 'The request has no file; send one file part (PDF, PNG or JPEG).'));
      else resolve(received);
    };
    // A body announced as larger than a file may be is refused now, and read to its end unkept.
    if (Number.isFinite(declared) && declared > EVIDENCE_MAX_BYTES + 64 * 1024) {
      refuse(tooLarge());
      req.on('end', finish);
      req.on('error', finish);
      req.resume();
      return;
    }

    parser.on('file', (_name, stream) => {
      files += 1;
      if (files > 1) {
        refuse(new CodedError('invalid_request', 'Send one file per request.'));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let mediaType: EvidenceMediaType | undefined;
      let dropping = false;
      stream.on('data', (chunk: Buffer) => {
        if (dropping) return;
        chunks.push(chunk);
        size += chunk.length;
        if (mediaType === undefined && size >= SNIFF_BYTES) {
          mediaType = sniffMediaType(Buffer.concat(chunks).subarray(0, SNIFF_BYTES));
          if (!mediaType) {
            refuse(wrongType());
            dropping = true;
            chunks.length = 0;
          }
        }
      });
      stream.on('limit', () => {
        refuse(tooLarge());
        dropping = true;
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (dropping || refusal) return;
        const content = Buffer.concat(chunks, size);
        const type = mediaType ?? sniffMediaType(content);
        if (!type) {
          refuse(size === 0 ? new CodedError('evidence_missing', 'The file is empty.') : wrongType());
          return;
        }
        received = { mediaType: type, content, sha256: createHash('sha256').update(content).digest('hex') };
      });
    });
    parser.on('filesLimit', () => refuse(new CodedError('invalid_request', 'Send one file per request.')));
    parser.on('partsLimit', () =>
      refuse(new CodedError('invalid_request', 'The multipart body has too many parts; send one file.')),
    );
    parser.on('error', () => {
      refuse(new CodedError('invalid_request', 'The multipart body could not be read.'));
      req.unpipe(parser);
      req.resume();
    });
    parser.on('close', () => {
      // The parser is done; the rest of the body (if it stopped early) is read and dropped.
      if (req.readableEnded) finish();
      else {
        req.on('end', finish);
        req.resume();
      }
    });
    req.on('error', () => {
      refuse(new CodedError('invalid_request', 'The upload was cut short.'));
      finish();
    });
    req.on('aborted', () => {
      refuse(new CodedError('invalid_request', 'The upload was cut short.'));
      finish();
    });
    req.pipe(parser);
  });
}

function tooLarge(): CodedError {
  return new CodedError('evidence_too_large', `A file may be at most ${EVIDENCE_MAX_BYTES / (1024 * 1024)} MB.`);
}

function wrongType(): CodedError {
  return new CodedError(
    'evidence_type_not_allowed',
    'Only PDF, PNG and JPEG files are taken, told from their content (not their name).',
  );
}

/** The headers every evidence download goes out with: a download, never a page, sandboxed. */
export const EVIDENCE_CSP = "default-src 'none'; sandbox; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
