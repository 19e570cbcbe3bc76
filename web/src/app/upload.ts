/** A signed upload slot as the API hands it out: send the file there with exactly these headers. */
export interface UploadSlot { method: 'PUT'; url: string; headers: Record<string, string> }

/**
 * Sends a file to a signed URL with XMLHttpRequest (fetch cannot report upload progress), with
 * exactly the headers the URL was signed for; the browser sets Content-Length from the file.
 */
export function uploadFile(slot: UploadSlot, file: File, onProgress: (ratio: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(slot.method, slot.url);
    for (const [k, v] of Object.entries(slot.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`upload ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.send(file);
  });
}
