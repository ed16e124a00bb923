import { FILE_DOWNLOAD_INFO, sentFileOf } from '../../bot/chatFiles/sentFile';

const file = (name: string, downloadUrl: string, fileType?: string) => ({
  contentType: FILE_DOWNLOAD_INFO,
  name,
  content: { downloadUrl, uniqueId: '1', fileType },
});

describe('the file among a message attachments', () => {
  test('a plan or minutes by its name; other kinds named as unsupported; pictures and cards are not files', () => {
    const url = 'https://contoso-my.sharepoint.com/personal/sam/_layouts/15/download.aspx?UniqueId=1';
    expect(sentFileOf([{ contentType: 'text/html', content: '<p>hi</p>' }, file('Plan.XLSX', url)])).toEqual({
      file: { name: 'Plan.XLSX', downloadUrl: url, type: 'xlsx' },
    });
    expect(sentFileOf([file('minutes', url, 'docx')])).toEqual({
      file: { name: 'minutes', downloadUrl: url, type: 'docx' },
    });
    expect(sentFileOf([file('pack.pdf', url, 'pdf')])).toEqual({ unsupported: 'pack.pdf' });
    expect(sentFileOf([{ contentType: 'image/png', contentUrl: url }])).toBeUndefined();
    expect(sentFileOf(undefined)).toBeUndefined();
  });

  test('a download link must be https, or plain http to this machine only', () => {
    expect(sentFileOf([file('a.csv', 'http://127.0.0.1:9000/a.csv')])).toHaveProperty('file');
    expect(sentFileOf([file('a.csv', 'http://169.254.169.254/metadata')])).toHaveProperty('invalid');
    expect(sentFileOf([file('a.csv', 'file:///etc/passwd')])).toHaveProperty('invalid');
    expect(sentFileOf([{ contentType: FILE_DOWNLOAD_INFO, name: 'a.csv' }])).toHaveProperty('invalid');
  });
});
