import { downloadSentFile } from '../../bot/chatFiles/download';
import { FileStandIn } from '../support/fileStandIn';

describe('downloading a file sent in the chat from the link Teams gave', () => {
  let files: FileStandIn;
  beforeAll(async () => {
    files = await new FileStandIn().start();
  });
  afterAll(async () => files.stop());
  const limits = { maxBytes: 1000, timeoutMs: 300 };

  test('the bytes, as served', async () => {
    const url = files.serve('/ok.csv', { bytes: 'plan,theme\n' });
    expect(Buffer.from(await downloadSentFile('ok.csv', url, limits)).toString()).toBe('plan,theme\n');
  });

  test.each([
    ['its Content-Length', false],
    ['the bytes as they stream', true],
  ])('a file over the limit is refused by %s', async (_how, chunked) => {
    const url = files.serve(`/big-${chunked}.csv`, { bytes: 'x'.repeat(5000), chunked });
    await expect(downloadSentFile('big.csv', url, limits)).rejects.toThrow(
      'I could not download big.csv: it is larger than',
    );
  });

  test('a link that does not answer in time is given up, saying so', async () => {
    const url = files.serve('/slow.csv', { bytes: 'x', delayMs: 1000 });
    await expect(downloadSentFile('slow.csv', url, limits)).rejects.toThrow('it did not arrive within 0.3 s');
  });

  test('a server error is told with its status; nothing is retried', async () => {
    const url = files.serve('/broken.csv', { status: 500 });
    await expect(downloadSentFile('broken.csv', url, limits)).rejects.toThrow('the link answered HTTP 500');
    expect(files.downloads.get('/broken.csv')).toBe(1);
  });
});
