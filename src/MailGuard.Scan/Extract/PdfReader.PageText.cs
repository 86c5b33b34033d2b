using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Util;
using UglyToad.PdfPig.XObjects;

namespace MailGuard.Scan.Extract;

internal static partial class PdfReader
{
    /// <summary>The text of one page, as <c>ContentOrderTextExtractor.GetText(document.GetPage(n))</c> gives it.</summary>
    internal readonly record struct PageText(string Text);

    /// <summary>
    /// PdfPig's page factory for text only (its own extension point, <see cref="PdfDocument.AddPageFactory{TPage, TPageFactory}"/>):
    /// the default page builds a <see cref="Letter"/> of ~300 bytes per glyph (three rectangles, colours, font) and
    /// every path and image, where <c>ContentOrderTextExtractor</c> reads only a glyph's text, baseline ends and point
    /// size. Resources, content parsing and glyph decoding stay PdfPig's own (<see cref="BasePageFactory{TPage}"/>,
    /// <see cref="BaseStreamProcessor{TPageContent}"/>). Valid for the options <see cref="Read"/> opens with: no
    /// clipping of glyphs (<see cref="ParsingOptions.ClipPaths"/>), no replacement text (<see cref="ParsingOptions.UseActualText"/>).
    /// </summary>
    internal sealed class PageTextFactory(
        IPdfTokenScanner pdfScanner,
        IResourceStore resourceStore,
        ILookupFilterProvider filterProvider,
        IPageContentParser pageContentParser,
        ParsingOptions parsingOptions)
        : BasePageFactory<PageText>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
    {
        protected override PageText ProcessPage(
            int pageNumber,
            DictionaryToken dictionary,
            NamedDestinations namedDestinations,
            MediaBox mediaBox,
            CropBox cropBox,
            UserSpaceUnit userSpaceUnit,
            PageRotationDegrees rotation,
            TransformationMatrix initialMatrix,
            IReadOnlyList<IGraphicsStateOperation> operations)
        {
            if (operations is null || operations.Count == 0)
            {
                return new PageText(string.Empty);
            }
            var text = new GlyphProcessor(pageNumber, ResourceStore, PdfScanner, PageContentParser, FilterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, ParsingOptions)
                .Process(pageNumber, operations);
            return new PageText(text.Finish());
        }
    }

    /// <summary>What <c>ContentOrderTextExtractor</c> reads of a <see cref="Letter"/>.</summary>
    private readonly record struct Glyph(string Value, double StartX, double StartY, double EndX, double PointSize, int Sequence);

    /// <summary>
    /// <c>ContentOrderTextExtractor.GetText</c> with its default options, glyph by glyph as they are drawn instead of
    /// over the page's letters: a space where the gap to the previous glyph is wider than a space of its size, a line
    /// break where the baseline moves by more than 0.9 of the smaller point size. A glyph is written when the next
    /// one comes, as a combining diacritic may still join it.
    /// </summary>
    private sealed class ContentOrderText
    {
        private readonly StringBuilder _text = new();
        private Glyph? _pending;
        private Glyph? _previous;
        private Glyph? _previousNonWhitespace;
        private bool _hasJustAddedWhitespace;

        /// <summary>The glyph drawn last, which a diacritic drawn next may still join.</summary>
        public Glyph? Last => _pending;

        public void Add(Glyph glyph)
        {
            if (_pending is { } pending)
            {
                Write(pending);
            }
            _pending = glyph;
        }

        /// <summary>Replaces <see cref="Last"/>.</summary>
        public void ReplaceLast(Glyph glyph) => _pending = glyph;

        /// <summary>The page's text; call once, after the last glyph.</summary>
        public string Finish()
        {
            if (_pending is { } pending)
            {
                Write(pending);
                _pending = null;
            }
            return _text.ToString();
        }

        private void Write(Glyph letter)
        {
            var nonWhitespacePrevious = _previousNonWhitespace;
            if (!string.IsNullOrWhiteSpace(letter.Value))
            {
                _previousNonWhitespace = letter;
            }
            if (string.IsNullOrEmpty(letter.Value))
            {
                return;
            }
            if (letter.Value == " " && !_hasJustAddedWhitespace)
            {
                if (_previous is { } last && IsNewline(last, letter))
                {
                    return;
                }
                _text.Append(' ');
                _previous = letter;
                _hasJustAddedWhitespace = true;
                return;
            }
            _hasJustAddedWhitespace = false;
            if (_previous is { } before && letter.Value != " ")
            {
                if (nonWhitespacePrevious is { } above && IsNewline(above, letter))
                {
                    if (before.Value == " ")
                    {
                        _text.Remove(_text.Length - 1, 1);
                    }
                    _text.AppendLine();
                    _hasJustAddedWhitespace = true;
                }
                else if (before.Value != " ")
                {
                    var gap = letter.StartX - before.EndX;
                    // WhitespaceSizeStatistics.IsProbablyWhitespace, term for term.
                    if (gap > (before.PointSize * 0.27) - (before.PointSize * 0.05))
                    {
                        _text.Append(' ');
                        _hasJustAddedWhitespace = true;
                    }
                }
            }
            _text.Append(letter.Value);
            _previous = letter;
        }

        private static bool IsNewline(Glyph previous, Glyph letter)
        {
            var pointSizePrevious = (int)Math.Round(previous.PointSize);
            var pointSize = (int)Math.Round(letter.PointSize);
            var minimum = pointSize < pointSizePrevious ? pointSize : pointSizePrevious;
            return Math.Abs(previous.StartY - letter.StartY) > minimum * 0.9;
        }
    }

    /// <summary>
    /// Keeps each glyph as PdfPig's ContentStreamProcessor makes its letter (a combining diacritic joins the glyph
    /// before it in the same text sequence; the baseline is the glyph's advance box transformed to the page) and
    /// nothing else: paths, images and marked content are not text.
    /// </summary>
    private sealed class GlyphProcessor(
        int pageNumber,
        IResourceStore resourceStore,
        IPdfTokenScanner pdfScanner,
        IPageContentParser pageContentParser,
        ILookupFilterProvider filterProvider,
        CropBox cropBox,
        UserSpaceUnit userSpaceUnit,
        PageRotationDegrees rotation,
        TransformationMatrix initialMatrix,
        ParsingOptions parsingOptions)
        : BaseStreamProcessor<ContentOrderText>(pageNumber, resourceStore, pdfScanner, pageContentParser, filterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, parsingOptions)
    {
        private readonly ContentOrderText _text = new();

        public override ContentOrderText Process(int pageNumberCurrent, IReadOnlyList<IGraphicsStateOperation> operations)
        {
            PageNumber = pageNumberCurrent;
            CloneAllStates();
            ProcessOperations(operations);
            return _text;
        }

        public override void RenderGlyph(
            IFont font,
            CurrentGraphicsState currentState,
            double fontSize,
            double pointSize,
            int code,
            string unicode,
            long currentOffset,
            in TransformationMatrix renderingMatrix,
            in TransformationMatrix textMatrix,
            in TransformationMatrix transformationMatrix,
            CharacterBoundingBox characterBoundingBox)
        {
            if (Diacritics.IsInCombiningDiacriticRange(unicode) && currentOffset > 0 && _text.Last is { } attachTo
                && attachTo.Sequence == TextSequence && Diacritics.TryCombineDiacriticWithPreviousLetter(unicode, attachTo.Value, out var combined))
            {
                _text.ReplaceLast(attachTo with { Value = combined });
                return;
            }
            var advance = PerformantRectangleTransformer.Transform(renderingMatrix, textMatrix, transformationMatrix,
                new PdfRectangle(0, 0, characterBoundingBox.Width, UserSpaceUnit.PointMultiples));
            _text.Add(new Glyph(unicode, advance.BottomLeft.X, advance.BottomLeft.Y, advance.BottomRight.X, pointSize, TextSequence));
        }

        protected override void RenderXObjectImage(XObjectContentRecord xObjectContentRecord)
        {
        }

        protected override void RenderInlineImage(InlineImage inlineImage)
        {
        }

        public override void BeginSubpath()
        {
        }

        public override PdfPoint? CloseSubpath() => null;

        public override void StrokePath(bool close)
        {
        }

        public override void FillPath(FillingRule fillingRule, bool close)
        {
        }

        public override void FillStrokePath(FillingRule fillingRule, bool close)
        {
        }

        public override void MoveTo(double x, double y)
        {
        }

        public override void BezierCurveTo(double x2, double y2, double x3, double y3)
        {
        }

        public override void BezierCurveTo(double x1, double y1, double x2, double y2, double x3, double y3)
        {
        }

        public override void LineTo(double x, double y)
        {
        }

        public override void Rectangle(double x, double y, double width, double height)
        {
        }

        public override void EndPath()
        {
        }

        public override void ClosePath()
        {
        }

        public override void ModifyClippingIntersect(FillingRule clippingRule)
        {
        }

        protected override void ClipToRectangle(PdfRectangle rectangle, FillingRule clippingRule)
        {
        }

        public override void BeginMarkedContent(NameToken name, NameToken? propertyDictionaryName, DictionaryToken? properties)
        {
        }

        public override void EndMarkedContent()
        {
        }

        public override void PaintShading(NameToken shadingName)
        {
        }
    }
}
