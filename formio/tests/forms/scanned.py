"""Forms as a scanner or a phone gives them: our printed PDF (formio.writers) rendered to
pictures with pypdfium2, tilted, speckled, darkened unevenly, photographed askew (Pillow)."""

import io
import random

SCAN_DPI = 200


def printed_pages(pdf: bytes, *, dpi: int = SCAN_DPI) -> list:
    """The pages of a PDF as grey pictures, as printed on paper."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()


def scanned(page, *, degrees: float = 2.0, noise: float = 0.005, seed: int = 1):
    """A page through a flatbed scanner: tilted by `degrees`, with dust and speckles."""
    from PIL import Image

    rng = random.Random(seed)
    page = page.convert("L").rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = page.load()
    width, height = page.size
    for _ in range(int(width * height * noise)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 80, 170))
    return page


def image_pdf(pages, *, dpi: int = SCAN_DPI) -> bytes:
    """Pictures as an image-only PDF (no text layer), as a scanner saves them."""
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def jpeg(page, *, quality: int = 85) -> bytes:
    out = io.BytesIO()
    page.convert("L").save(out, "JPEG", quality=quality)
    return out.getvalue()


def signed(page, *, box: tuple[int, int, int, int]):
    """A handwritten scribble (a signature) drawn over `box` (left, top, right, bottom)."""
    import math

    from PIL import ImageDraw

    page = page.copy()
    draw = ImageDraw.Draw(page)
    left, top, right, bottom = box
    middle, half = (top + bottom) / 2, (bottom - top) / 2
    points = [
        (left + (right - left) * t / 60, middle + half * math.sin(t * 0.9) * (0.4 + (t % 7) / 10))
        for t in range(61)
    ]
    draw.line(points, fill=20, width=4)
    return page


def photographed(page, *, seed: int = 2):
    """A page photographed by a phone: on a dark desk, seen askew, lit from one side."""
    from PIL import Image

    rng = random.Random(seed)
    width, height = page.size
    desk = Image.new("L", (int(width * 1.3), int(height * 1.2)), 60)
    desk.paste(page.convert("L"), (int(width * 0.15), int(height * 0.1)))
    big_w, big_h = desk.size
    jitter = [rng.uniform(-0.04, 0.04) * big_w for _ in range(8)]
    # Pillow's perspective maps each output pixel back to the input: a trapezoid view
    quad = (
        0 + jitter[0],
        0 + jitter[1],
        0 + jitter[2],
        big_h + jitter[3],
        big_w + jitter[4],
        big_h + jitter[5],
        big_w + jitter[6],
        0 + jitter[7],
    )
    photo = desk.transform(desk.size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC)
    light = Image.linear_gradient("L").rotate(90).resize(photo.size)
    shade = Image.eval(light, lambda v: 150 + v * 105 // 255)  # 60 % to 100 % light
    from PIL import ImageChops

    return ImageChops.multiply(photo, shade)


def with_poor_text_layer(page, *, dpi: int = SCAN_DPI) -> bytes:
    """A scan saved by a copier with its own OCR: the picture, and under it an invisible
    text layer of misread words (what such layers often hold)."""
    import base64

    from weasyprint import HTML

    out = io.BytesIO()
    page.convert("L").save(out, "PNG")
    picture = base64.b64encode(out.getvalue()).decode()
    garbage = "C0laborad0r 0perad0ra N0me dent1sta PATR1C1A ☐ 5IM ☐ NA0 Stat0s retencá0 " * 8
    html = (
        "<html><head><style>@page{size:A4;margin:0} body{margin:0}"
        "img{width:210mm;height:297mm;display:block}"
        "p{position:absolute;top:0;left:0;color:transparent;font-size:9pt}</style></head>"
        f"<body><img src='data:image/png;base64,{picture}'><p>{garbage}</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def smudged(page, *, box: tuple[int, int, int, int], seed: int = 3):
    """Coffee on the paper: a grey stain with blots over `box`."""
    from PIL import ImageDraw

    rng = random.Random(seed)
    page = page.copy()
    draw = ImageDraw.Draw(page)
    left, top, right, bottom = box
    for _ in range(120):
        x, y = rng.uniform(left, right), rng.uniform(top, bottom)
        radius = rng.uniform(1, 4)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice((40, 110)))
    return page
