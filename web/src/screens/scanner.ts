// Reading QR codes with the camera: each distinct text read is handed to `onText`. The browser's
// BarcodeDetector is used where it exists; elsewhere jsQR (loaded only then) reads the frames.
const scanIntervalMs = 80;

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

/** Reads the QR code in the current video picture, if any. */
type Reader = (video: HTMLVideoElement) => Promise<string | null>;

async function makeReader(): Promise<Reader> {
  const BarcodeDetector = (globalThis as unknown as { BarcodeDetector?: new (o: object) => Detector }).BarcodeDetector;
  if (BarcodeDetector) {
    const detector = new BarcodeDetector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}

/**
 * Starts the camera in `video` and reads until `signal` aborts (the camera is then released).
 * Rejects when there is no camera or the person refused it.
 */
export async function scanQr(video: HTMLVideoElement, signal: AbortSignal, onText: (text: string) => void): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  const release = () => {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  if (signal.aborted) return release();
  signal.addEventListener('abort', release);
  video.srcObject = stream;
  await video.play();
  const read = await makeReader();
  let last = '';
  while (!signal.aborted) {
    const text = await read(video).catch(() => null);
    if (text && text !== last) {
      last = text;
      onText(text);
    }
    await new Promise((resolve) => setTimeout(resolve, scanIntervalMs));
  }
}
