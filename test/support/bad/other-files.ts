/**
 * Files that are not PDFs or web pages, as people upload them by mistake: a photo, an
 * archive, an animation, a text file. Each is a valid file of its kind.
 */
import zlib from 'node:zlib';
import sharp from 'sharp';

/** An 8 × 8 px JPEG photo. */
export async function jpegFile(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
    .jpeg()
    .toBuffer();
}

/** A 1 × 1 px GIF89a. */
export function gifFile(): Buffer {
  return Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b', 'hex');
}

/** A ZIP archive (stored, no compression) holding the given files. */
export function zipFile(files: Record<string, Uint8Array>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, Buffer.from(data));
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The report's text saved as plain text (what copying out of a viewer gives). */
export function textFile(): Buffer {
  return Buffer.from(
    [
      '某某镇人民政府2020年政府信息公开工作年度报告',
      '',
      '本报告根据《中华人民共和国政府信息公开条例》要求编制。',
      '一、总体情况',
      '2020年，我镇主动公开政府信息120条。',
    ].join('\n'),
    'utf8',
  );
}
