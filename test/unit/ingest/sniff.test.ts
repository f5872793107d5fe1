import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../../src/ingest/sniff.js';

const bytes = (s: string | number[]) => (typeof s === 'string' ? new Uint8Array(Buffer.from(s, 'latin1')) : new Uint8Array(s));

describe('sniffMediaType', () => {
  it('recognises PDFs by their header, also after leading junk', () => {
    expect(sniffMediaType(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3'))).toBe('application/pdf');
    expect(sniffMediaType(bytes('\r\n\r\n%PDF-1.4'))).toBe('application/pdf');
  });

  it('goes by content, not by the name', () => {
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'report.pdf')).toBe('image/jpeg');
    expect(sniffMediaType(bytes([0x50, 0x4b, 0x03, 0x04, 0x14]), 'report.pdf')).toBe('application/zip');
    expect(sniffMediaType(bytes('GIF89a....'), 'x.html')).toBe('image/gif');
    expect(sniffMediaType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
  });

  it('recognises HTML with a BOM, comments or an XHTML doctype', () => {
    expect(sniffMediaType(new Uint8Array(Buffer.from('\uFEFF<!DOCTYPE html><html>', 'utf8')))).toBe('text/html');
    expect(sniffMediaType(bytes('  \n<!-- saved --><html lang="zh">'))).toBe('text/html');
    expect(sniffMediaType(bytes('<?xml version="1.0"?><!DOCTYPE html PUBLIC><html xmlns="x">'))).toBe('text/html');
    expect(sniffMediaType(new Uint8Array(Buffer.from('<div>报告</div>', 'utf8')), 'page.htm')).toBe('text/html');
  });

  it('calls other text plain text and binary junk octet-stream', () => {
    expect(sniffMediaType(new Uint8Array(Buffer.from('年度报告 2019', 'utf8')), 'a.pdf')).toBe('text/plain');
    expect(sniffMediaType(bytes([0, 1, 2, 3, 4, 5]))).toBe('application/octet-stream');
    expect(sniffMediaType(new Uint8Array(0))).toBe('application/octet-stream');
  });
});
