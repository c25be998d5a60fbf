/** A chart region's SVG as a standalone .svg file or a .png (drawn on a canvas at twice the size). */
import { downloadBlob } from '../download';

function chartSvg(region: HTMLElement): SVGSVGElement | null {
  return region.querySelector<SVGSVGElement>('svg.recharts-surface, svg[data-chart]');
}

function serialize(svg: SVGSVGElement, background: string, foreground: string): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  clone.setAttribute('style', `background:${background};color:${foreground};font-family:system-ui,sans-serif`);
  return { text: new XMLSerializer().serializeToString(clone), width: box.width, height: box.height };
}

export function exportChart(region: HTMLElement, name: string, format: 'svg' | 'png'): void {
  const svg = chartSvg(region);
  if (!svg) return;
  const style = getComputedStyle(region);
  const { text, width, height } = serialize(svg, style.backgroundColor || '#fff', style.color || '#000');
  const blob = new Blob([text], { type: 'image/svg+xml' });
  if (format === 'svg') {
    downloadBlob(blob, `${name}.svg`);
    return;
  }
  const url = URL.createObjectURL(blob);
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((png) => png && downloadBlob(png, `${name}.png`), 'image/png');
  };
  image.src = url;
}
