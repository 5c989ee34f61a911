/** What the upload API accepts (API.md, "Upload body"); checked here first so a wrong file costs no request. */
export const ACCEPTED_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/tiff': 'TIFF',
  'text/plain': 'plain text',
};
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  txt: 'text/plain',
};
/** Largest document of any type, presigned (API.md). */
export const MAX_DOCUMENT_BYTES = 4_500_000;
/** Largest inline upload, decoded (3 MiB). */
export const MAX_INLINE_BYTES = 3 * 1024 * 1024;

export type UploadMode = 'auto' | 'inline' | 'presigned';

export interface UploadPlan {
  contentType: string;
  mode: 'inline' | 'presigned';
}

/** The content type and upload mode for a file, or a sentence saying why it cannot be sent. */
export function planUpload(file: { name: string; type: string; size: number }, wanted: UploadMode): UploadPlan | string {
  const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  const contentType = ACCEPTED_TYPES[file.type] ? file.type : BY_EXTENSION[extension];
  if (!contentType) {
    return `${file.name} is not a supported type (${file.type || 'unknown type'}). Choose a PDF, PNG, JPEG, TIFF or plain-text file.`;
  }
  if (file.size === 0) {
    return `${file.name} is empty.`;
  }
  if (file.size > MAX_DOCUMENT_BYTES) {
    return `${file.name} is ${file.size.toLocaleString('en')} bytes; documents may have at most ${MAX_DOCUMENT_BYTES.toLocaleString('en')} bytes.`;
  }
  if (wanted === 'inline' && file.size > MAX_INLINE_BYTES) {
    return `${file.name} is ${file.size.toLocaleString('en')} bytes; inline uploads take at most ${MAX_INLINE_BYTES.toLocaleString('en')} bytes. Choose "presigned" or "automatic".`;
  }
  const mode = wanted === 'auto' ? (file.size > MAX_INLINE_BYTES ? 'presigned' : 'inline') : wanted;
  return { contentType, mode };
}
