import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Session } from '../auth';
import { formatNumber } from '../chart';
import { ACCEPTED_TYPES, planUpload, type UploadMode } from '../documents-rules';
import { ErrorMessage, Notice } from '../ui';

interface DocumentAnswer {
  documentId: string;
  status: string;
  filename: string;
  owner?: string;
  contentType: string;
  sizeBytes: number;
  rejectionReason?: string;
  latestExtraction?: { extractionId: string; status: string; promptVersion: string };
  upload?: { method: string; url: string; headers: Record<string, string> };
}

interface Extraction {
  extractionId: string;
  status: string;
  promptVersion: string;
  modelId: string;
  quality?: { schemaValid?: boolean | null; fieldCompleteness?: number | null; filledFields?: string[] };
  usage?: { latencyMs?: number | null; inputTokens?: number | null; outputTokens?: number | null; costUsd?: number | null };
  input?: { sentAs?: string; pagesSent?: number; pagesTotal?: number; truncated?: boolean; downscaled?: boolean };
  error?: { category: string; message: string };
  throttling?: { retries: number; since: string };
  result?: Record<string, unknown>;
}

const POLL_MS = 2000;
/** Own documents, or (with the read-any-owner scope) every owner's: the API's two route prefixes. */
type Routes = '/api' | '/api/any-owner';

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function DocumentsPage({ api, session }: { api: Api; session: Session }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<UploadMode>('auto');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [document, setDocument] = useState<DocumentAnswer | null>(null);
  const [extraction, setExtraction] = useState<Extraction | null>(null);
  const [lookupId, setLookupId] = useState('');
  const [promptVersion, setPromptVersion] = useState('');
  const [anyOwner, setAnyOwner] = useState(false);
  const [routes, setRoutes] = useState<Routes>('/api');
  const poll = useRef<number | null>(null);

  useEffect(() => () => stopPolling(), []);

  function stopPolling() {
    if (poll.current !== null) window.clearTimeout(poll.current);
    poll.current = null;
  }

  function chooseFile(chosen: File | null) {
    setProblem(null);
    setFile(chosen);
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    setPreviewUrl(chosen ? URL.createObjectURL(chosen) : null);
    if (chosen) {
      const plan = planUpload(chosen, mode);
      if (typeof plan === 'string') setProblem(plan);
    }
  }

  function changeMode(next: UploadMode) {
    setMode(next);
    if (file) {
      const plan = planUpload(file, next);
      setProblem(typeof plan === 'string' ? plan : null);
    }
  }

  /**
   * Shows the document and one extraction until it is final: `follow` (one this tab asked for), else the document's
   * newest as the owner sees it (another caller's re-extraction never replaces it).
   */
  async function watch(documentId: string, through: Routes, follow?: string) {
    stopPolling();
    setRoutes(through);
    try {
      const doc = await api.get<DocumentAnswer>(`${through}/documents/${encodeURIComponent(documentId)}`);
      setDocument(doc);
      const extractionId = follow ?? doc.latestExtraction?.extractionId;
      if (extractionId) {
        const ext = await api.get<Extraction>(`${through}/extract/${encodeURIComponent(extractionId)}`);
        setExtraction(ext);
        if (ext.status === 'SUCCEEDED' || ext.status === 'FAILED') return;
      }
      if (doc.status === 'REJECTED') return;
      poll.current = window.setTimeout(() => watch(documentId, through, follow), POLL_MS);
    } catch (error) {
      setProblem(error);
    }
  }

  async function upload(event: Event) {
    event.preventDefault();
    setProblem(null);
    if (!file) {
      setProblem('Choose a document first.');
      return;
    }
    const plan = planUpload(file, mode);
    if (typeof plan === 'string') {
      setProblem(plan);
      return;
    }
    setBusy(true);
    setDocument(null);
    setExtraction(null);
    try {
      const body =
        plan.mode === 'inline'
          ? { filename: file.name, contentType: plan.contentType, contentBase64: await toBase64(file) }
          : { filename: file.name, contentType: plan.contentType, sizeBytes: file.size };
      const created = await api.send<DocumentAnswer>('POST', '/api/upload', body, { 'Idempotency-Key': `console-${crypto.randomUUID()}` });
      setDocument(created);
      if (created.upload) {
        const put = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: file }).catch(() => null);
        if (!put || !put.ok) {
          throw new ApiError(put?.status ?? 0, 'upload_failed', `The document could not be stored (${put ? `HTTP ${put.status}` : 'network error'}); your file is still selected, try again.`);
        }
      }
      setLookupId(created.documentId);
      await watch(created.documentId, '/api');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  async function lookUp(event: Event) {
    event.preventDefault();
    setProblem(null);
    const id = lookupId.trim();
    if (!/^doc_[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(id)) {
      setProblem('A document id looks like doc_ followed by 26 letters and digits.');
      return;
    }
    setExtraction(null);
    await watch(id, anyOwner && session.can('read-any-owner') ? '/api/any-owner' : '/api');
  }

  async function extractAgain() {
    if (!document) return;
    setProblem(null);
    const version = promptVersion.trim();
    if (version && !/^[a-z][a-z0-9-]{1,62}@[1-9][0-9]{0,5}$/.test(version)) {
      setProblem('A prompt version looks like clinical-summary@2.');
      return;
    }
    try {
      const query = version ? `?promptVersion=${encodeURIComponent(version)}` : '';
      const queued = await api.send<{ extractionId: string }>('POST', `/api/extract/${encodeURIComponent(document.documentId)}${query}`);
      setExtraction(null);
      await watch(document.documentId, routes, queued.extractionId);
    } catch (error) {
      setProblem(error);
    }
  }

  return (
    <section aria-labelledby="documents-title">
      <h1 id="documents-title">Documents</h1>
      <div class="columns">
        <form onSubmit={upload} class="card" aria-describedby="upload-help">
          <h2>Upload a document</h2>
          <p id="upload-help" class="help">
            {Object.values(ACCEPTED_TYPES).join(', ')}; at most 4,500,000 bytes (inline: 3 MiB). Extraction starts on upload.
          </p>
          <label for="upload-file">Document</label>
          <input
            id="upload-file"
            type="file"
            accept={Object.keys(ACCEPTED_TYPES).join(',') + ',.tif,.tiff,.txt'}
            onChange={(e) => chooseFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
          <fieldset>
            <legend>How to send it</legend>
            {(['auto', 'inline', 'presigned'] as const).map((m) => (
              <label class="inline">
                <input type="radio" name="upload-mode" value={m} checked={mode === m} onChange={() => changeMode(m)} />
                {m === 'auto' ? 'automatic' : m === 'inline' ? 'inline (in the request)' : 'presigned (straight to storage)'}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>
            {busy ? 'Uploading…' : 'Upload and extract'}
          </button>
        </form>
        <form onSubmit={lookUp} class="card">
          <h2>Open a document</h2>
          <label for="lookup-id">Document id</label>
          <input id="lookup-id" value={lookupId} onInput={(e) => setLookupId((e.currentTarget as HTMLInputElement).value)} placeholder="doc_01J…" spellcheck={false} />
          {session.can('read-any-owner') && (
            <label class="inline">
              <input type="checkbox" checked={anyOwner} onChange={(e) => setAnyOwner((e.currentTarget as HTMLInputElement).checked)} />
              Any owner's document (read-only)
            </label>
          )}
          <button type="submit">Open</button>
          {document && (
            <>
              <label for="prompt-version">Extract again with prompt version (optional)</label>
              <input id="prompt-version" value={promptVersion} onInput={(e) => setPromptVersion((e.currentTarget as HTMLInputElement).value)} placeholder="clinical-summary@2" />
              <button type="button" class="secondary" onClick={extractAgain} disabled={!session.can('write')}>
                Extract again
              </button>
            </>
          )}
        </form>
      </div>
      <ErrorMessage error={problem} />
      {document && <Status document={document} extraction={extraction} />}
      {(previewUrl || extraction) && (
        <div class="columns result">
          <div class="card preview">
            <h2>Document</h2>
            <Preview file={file} url={previewUrl} />
          </div>
          <div class="card">
            <h2>Extraction</h2>
            {extraction ? <ExtractionView extraction={extraction} /> : <p>Waiting for the extraction…</p>}
          </div>
        </div>
      )}
    </section>
  );
}

function Status({ document, extraction }: { document: DocumentAnswer; extraction: Extraction | null }) {
  const steps = ['UPLOADED', 'QUEUED', 'RUNNING', extraction?.status === 'FAILED' ? 'FAILED' : 'SUCCEEDED'];
  const current = extraction ? steps.indexOf(extraction.status) : document.status === 'UPLOADED' ? 0 : -1;
  return (
    <div class="card">
      <p>
        <strong>{document.filename}</strong> · <code>{document.documentId}</code> · {document.sizeBytes.toLocaleString('en')} bytes
        {document.owner && <> · owner <code>{document.owner}</code></>}
      </p>
      {document.status === 'REJECTED' && <p class="message error" role="alert">Rejected: {document.rejectionReason}</p>}
      <ol class="steps" aria-label="Progress">
        {steps.map((step, i) => (
          <li class={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined}>
            {step.toLowerCase()}
          </li>
        ))}
      </ol>
      <div role="status" class="visually-hidden">
        {extraction ? `Extraction ${extraction.status.toLowerCase()}` : `Document ${document.status.toLowerCase()}`}
      </div>
      {extraction?.throttling && (
        <Notice>
          Bedrock is busy: retried {extraction.throttling.retries} times since {extraction.throttling.since}.
        </Notice>
      )}
    </div>
  );
}

function Preview({ file, url }: { file: File | null; url: string | null }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    setText(null);
    if (file && file.type === 'text/plain') file.text().then(setText);
  }, [file]);
  if (!file || !url) return <p>The document's preview shows here for files uploaded in this tab (the API does not send documents back).</p>;
  if (file.type === 'application/pdf') return <iframe src={url} title={`Preview of ${file.name}`} class="pdf" />;
  if (file.type === 'image/png' || file.type === 'image/jpeg') return <img src={url} alt={`Preview of ${file.name}`} />;
  if (text !== null) return <pre class="text-preview">{text}</pre>;
  return <p>Browsers cannot show TIFF files; the extraction still reads every page.</p>;
}

function ExtractionView({ extraction }: { extraction: Extraction }) {
  return (
    <>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{extraction.status}</dd>
        <dt>Prompt version</dt>
        <dd>{extraction.promptVersion}</dd>
        <dt>Model</dt>
        <dd>{extraction.modelId}</dd>
        {extraction.usage?.latencyMs != null && (
          <>
            <dt>Latency</dt>
            <dd>{(extraction.usage.latencyMs / 1000).toFixed(1)} s</dd>
          </>
        )}
        {extraction.usage?.costUsd != null && (
          <>
            <dt>Cost</dt>
            <dd>${formatNumber(extraction.usage.costUsd, 3)}</dd>
          </>
        )}
        {extraction.quality?.fieldCompleteness != null && (
          <>
            <dt>Field completeness</dt>
            <dd>{Math.round(extraction.quality.fieldCompleteness * 100)} %</dd>
          </>
        )}
        {extraction.input && (
          <>
            <dt>Sent as</dt>
            <dd>
              {extraction.input.sentAs}
              {extraction.input.truncated && ` (only ${extraction.input.pagesSent} of ${extraction.input.pagesTotal} pages)`}
              {extraction.input.downscaled && ', downscaled'}
            </dd>
          </>
        )}
      </dl>
      {extraction.error && (
        <p class="message error" role="alert">
          {extraction.error.category}: {extraction.error.message}
        </p>
      )}
      {extraction.result && <ResultTree value={extraction.result} />}
    </>
  );
}

function ResultTree({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '' || value === 'not_documented') {
    return <span class="empty">not documented</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="empty">none</span>;
    return (
      <ol class="result-list">
        {value.map((item) => (
          <li>
            <ResultTree value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') {
    return (
      <dl class="result-tree">
        {Object.entries(value as Record<string, unknown>).map(([key, inner]) => (
          <>
            <dt>{key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ')}</dt>
            <dd>
              <ResultTree value={inner} />
            </dd>
          </>
        ))}
      </dl>
    );
  }
  return <span>{String(value)}</span>;
}
