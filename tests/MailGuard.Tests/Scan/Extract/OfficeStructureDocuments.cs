using System.Text;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Packages built with the OpenXML SDK whose parts are written as the XML Office writes: every structure a reader
/// must get right (nested tables, text boxes in mc:AlternateContent, content controls, breaks, tabs, footnote
/// separators, rich and phonetic shared strings, hidden sheets, charts in place of sheets). Fictional data only.
/// </summary>
internal static class OfficeStructureDocuments
{
    private const string Namespaces =
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
        + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
        + "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
        + "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        + "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "
        + "xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "
        + "mc:Ignorable=\"w14\"";

    private const string Props = "<w:pPr><w:pStyle w:val=\"Normal\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>"
        + "<w:rPr><w:b/></w:rPr></w:pPr>";

    private const string RunProps = "<w:rPr><w:rFonts w:ascii=\"Calibri\"/><w:sz w:val=\"22\"/><w:lang w:val=\"en-US\"/></w:rPr>";

    /// <summary>A text box as Word 2010+ writes it: a DrawingML shape with a VML fallback, both holding the text.</summary>
    private static string TextBox(string text) =>
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" "
        + "simplePos=\"0\" relativeHeight=\"1\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/>"
        + "<wp:extent cx=\"100\" cy=\"100\"/><wp:docPr id=\"1\" name=\"Text Box 1\"/><a:graphic><a:graphicData "
        + "uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp><wps:spPr/><wps:txbx><w:txbxContent>"
        + $"<w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:p><w:r><w:t>Box line two</w:t></w:r></w:p>"
        + "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        + "<mc:Fallback><w:pict><v:shape id=\"tb1\" style=\"width:10pt\"><v:textbox><w:txbxContent>"
        + $"<w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:p><w:r><w:t>Box line two</w:t></w:r></w:p>"
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>";

    private static string P(string runs) => $"<w:p>{Props}{runs}</w:p>";

    private static string R(string text) => $"<w:r>{RunProps}<w:t xml:space=\"preserve\">{text}</w:t></w:r>";

    private static string Tc(string content) => $"<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>";

    private static string Tbl(params string[] rows) =>
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid>"
        + string.Concat(rows.Select(r => $"<w:tr><w:trPr><w:cantSplit/></w:trPr>{r}</w:tr>")) + "</w:tbl>";

    private static readonly string Body =
        P(R("Quarterly review for ") + R("Marguerite Ashdown") + "<w:r><w:tab/><w:t>ext. 0142</w:t></w:r>")
        + P("<w:r><w:t>Line one</w:t><w:br/><w:t>Line two</w:t><w:cr/><w:t>Line three</w:t></w:r>")
        + P(string.Empty)
        + P("<w:r><w:t> </w:t></w:r><w:r><w:t xml:space=\"preserve\">  spaced  </w:t></w:r>")
        + P("<w:hyperlink r:id=\"rIdLink\"><w:r><w:t>link text</w:t></w:r></w:hyperlink>"
            + "<w:fldSimple w:instr=\" MERGEFIELD Name \"><w:r><w:t>«Name»</w:t></w:r></w:fldSimple>"
            + "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
            + "<w:del w:id=\"1\" w:author=\"Editor\" w:date=\"2025-01-01T00:00:00Z\"><w:r><w:delText>removed words</w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\" w:author=\"Editor\" w:date=\"2025-01-01T00:00:00Z\"><w:r><w:t>inserted words</w:t></w:r></w:ins>")
        + P(R("Before the box ") + TextBox("Boxed: Tobias Wrenfield 555-0137") + R(" after the box"))
        + Tbl(
            Tc(P(R("Name"))) + Tc(P(R("Phone"))) + Tc(P(R("Notes"))),
            Tc(P(R("Ines Marlowe"))) + Tc(P(R("555-0181")) + P(R("second para"))) + Tc(P("<w:r><w:t>tab</w:t><w:tab/><w:t>in cell</w:t><w:br/><w:t>break</w:t></w:r>")),
            Tc(Tbl(Tc(P(R("inner A1"))) + Tc(P(R("inner B1"))), Tc(P(R("inner A2"))) + Tc(P(R("inner B2"))))) + Tc(P(R("after inner"))) + Tc(P(string.Empty)),
            "<w:sdt><w:sdtPr><w:alias w:val=\"cell\"/></w:sdtPr><w:sdtContent>" + Tc(P(R("cell in a content control"))) + "</w:sdtContent></w:sdt>"
                + Tc(P(R("plain cell"))))
        + "<w:sdt><w:sdtPr><w:alias w:val=\"block\"/></w:sdtPr><w:sdtContent>"
        + P(R("Content control paragraph"))
        + Tbl(Tc(P(R("sdt table cell one"))) + Tc(P(R("sdt table cell two"))))
        + P(R("Box in a control ") + TextBox("Control box: Dalia Ferreira"))
        + "</w:sdtContent></w:sdt>"
        + "<w:bookmarkStart w:id=\"0\" w:name=\"here\"/><w:bookmarkEnd w:id=\"0\"/>"
        + P("<w:r><w:t>Last paragraph</w:t><w:br/></w:r>")
        + P(string.Empty)
        + "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>";

    public static byte[] Docx()
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            Write(main, $"<w:document {Namespaces}><w:body>{Body}</w:body></w:document>");
            Write(main.AddNewPart<HeaderPart>(), $"<w:hdr {Namespaces}>{P(R("First header: Corwin Ashby"))}"
                + Tbl(Tc(P(R("header cell"))) + Tc(P(R("555-0199")))) + "</w:hdr>");
            Write(main.AddNewPart<HeaderPart>(), $"<w:hdr {Namespaces}>{P(R("Second header ") + TextBox("Header box: Priya Landry"))}</w:hdr>");
            Write(main.AddNewPart<FooterPart>(), $"<w:ftr {Namespaces}>{P(R("Page footer") + "<w:r><w:tab/></w:r>" + R("confidential"))}</w:ftr>");
            Write(main.AddNewPart<WordprocessingCommentsPart>(), $"<w:comments {Namespaces}>"
                + $"<w:comment w:id=\"1\" w:author=\"Reviewer\">{P(R("Check with Olwen Strand"))}{P(R("second comment paragraph"))}</w:comment>"
                + $"<w:comment w:id=\"2\" w:author=\"Reviewer\">{P(R("Another comment"))}</w:comment></w:comments>");
            Write(main.AddNewPart<FootnotesPart>(), $"<w:footnotes {Namespaces}>"
                + "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
                + "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
                + $"<w:footnote w:id=\"1\">{P("<w:r><w:footnoteRef/></w:r>" + R(" Source: interview with Bram Okafor"))}</w:footnote></w:footnotes>");
            Write(main.AddNewPart<EndnotesPart>(), $"<w:endnotes {Namespaces}>"
                + $"<w:endnote w:id=\"1\">{P(R("Endnote text"))}</w:endnote></w:endnotes>");
        }
        return buffer.ToArray();
    }

    private const string SheetNamespaces = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

    public static byte[] Xlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            Write(workbook.AddNewPart<SharedStringTablePart>(), $"<sst {SheetNamespaces} count=\"6\" uniqueCount=\"6\">"
                + "<si><t>Name</t></si>"
                + "<si><t xml:space=\"preserve\"> padded </t></si>"
                + "<si><r><rPr><b/></rPr><t>Rich </t></r><r><t>Hollis Vane</t></r></si>"
                + "<si><t>山田</t><rPh sb=\"0\" eb=\"2\"><t>ヤマダ</t></rPh><phoneticPr fontId=\"1\"/></si>"
                + "<si><t>line one\nline two\ttabbed</t></si>"
                + "<si/></sst>");
            var first = workbook.AddNewPart<WorksheetPart>();
            Write(first, $"<worksheet {SheetNamespaces}><sheetPr/><dimension ref=\"A1:E5\"/><cols><col min=\"2\" max=\"2\" hidden=\"1\"/></cols><sheetData>"
                + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"s\"><v>3</v></c></row>"
                + "<row r=\"2\" hidden=\"1\"><c r=\"A2\" s=\"1\"><v>45678</v></c><c r=\"B2\"><v>3.14159</v></c><c r=\"C2\" t=\"b\"><v>1</v></c>"
                + "<c r=\"D2\" t=\"e\"><v>#DIV/0!</v></c><c r=\"E2\" t=\"str\"><f>CONCAT(A1,B1)</f><v>joined</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>inline Keziah Morrow</t></is></c><c r=\"B3\" t=\"inlineStr\"><is><r><t>rich </t></r><r><t>inline</t></r></is></c>"
                + "<c r=\"C3\" t=\"s\"><v>4</v></c><c r=\"D3\" t=\"s\"><v>99</v></c><c r=\"E3\" t=\"s\"><v>1</v></c></row>"
                + "<row r=\"4\"><c t=\"s\"><v>5</v></c><c><v>7</v></c><c r=\"D4\"/><c t=\"n\"><v>8</v></c></row>"
                + "<row r=\"6\"><c r=\"c6\"><f>SUM(A1:A2)</f><v>12</v></c><c r=\"AA6\"><v>26</v></c></row>"
                + "</sheetData></worksheet>");
            var comments = first.AddNewPart<WorksheetCommentsPart>();
            Write(comments, $"<comments {SheetNamespaces}><authors><author>Reviewer</author></authors><commentList>"
                + "<comment ref=\"A1\" authorId=\"0\"><text><r><rPr><b/></rPr><t>Reviewer:</t></r><r><t xml:space=\"preserve\"> call Sunniva Roe</t></r></text></comment>"
                + "<comment ref=\"B2\" authorId=\"0\"><text><t>plain note</t></text></comment></commentList></comments>");
            var hidden = workbook.AddNewPart<WorksheetPart>();
            Write(hidden, $"<worksheet {SheetNamespaces}><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>hidden sheet Lorcan Pryce</t></is></c></row></sheetData></worksheet>");
            var chart = workbook.AddNewPart<ChartsheetPart>();
            Write(chart, $"<chartsheet {SheetNamespaces}><sheetViews><sheetView workbookViewId=\"0\"/></sheetViews></chartsheet>");
            var empty = workbook.AddNewPart<WorksheetPart>();
            Write(empty, $"<worksheet {SheetNamespaces}><sheetData/></worksheet>");
            Write(workbook, $"<workbook {SheetNamespaces}><sheets>"
                + $"<sheet name=\"Contacts &amp; calls\" sheetId=\"1\" r:id=\"{workbook.GetIdOfPart(first)}\"/>"
                + $"<sheet name=\"Secret\" sheetId=\"2\" state=\"hidden\" r:id=\"{workbook.GetIdOfPart(hidden)}\"/>"
                + $"<sheet name=\"Chart1\" sheetId=\"3\" r:id=\"{workbook.GetIdOfPart(chart)}\"/>"
                + $"<sheet name=\"Empty\" sheetId=\"5\" r:id=\"{workbook.GetIdOfPart(empty)}\"/>"
                + "</sheets></workbook>");
        }
        return buffer.ToArray();
    }

    private const string DrawingNamespaces = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
        + "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";

    private static string Shape(string paragraphs) =>
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Text\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>"
        + $"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp>";

    private static string Ap(params string[] runs) => "<a:p>" + string.Concat(runs.Select(r => $"<a:r><a:rPr lang=\"en-US\"/><a:t>{r}</a:t></a:r>")) + "</a:p>";

    public static byte[] Pptx()
    {
        using var buffer = new MemoryStream();
        using (var document = PresentationDocument.Create(buffer, DocumentFormat.OpenXml.PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var slide = presentation.AddNewPart<SlidePart>();
            var tree = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>";
            Write(slide, $"<p:sld {DrawingNamespaces}><p:cSld><p:spTree>{tree}"
                + Shape(Ap("Speaker: ", "Anselm Quist") + "<a:p><a:r><a:t>Line</a:t></a:r><a:br/><a:r><a:t>after break</a:t></a:r></a:p>" + "<a:p/>")
                + "<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"5\" name=\"g\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
                + Shape(Ap("Grouped +1 (617) 555-0161")) + "</p:grpSp>"
                + "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"6\" name=\"t\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/>"
                + "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblGrid><a:gridCol w=\"100\"/></a:tblGrid>"
                + "<a:tr h=\"10\"><a:tc><a:txBody><a:bodyPr/>" + Ap("cell one") + "</a:txBody></a:tc><a:tc><a:txBody><a:bodyPr/>" + Ap("cell two") + "</a:txBody></a:tc></a:tr>"
                + "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
                + "</p:spTree></p:cSld></p:sld>");
            var notes = slide.AddNewPart<NotesSlidePart>();
            Write(notes, $"<p:notes {DrawingNamespaces}><p:cSld><p:spTree>{tree}{Shape(Ap("Notes: ring Wilhelmina Dorsey") + Ap("second note"))}</p:spTree></p:cSld></p:notes>");
            var comments = slide.AddNewPart<SlideCommentsPart>();
            Write(comments, $"<p:cmLst {DrawingNamespaces}><p:cm authorId=\"0\" idx=\"1\"><p:pos x=\"0\" y=\"0\"/><p:text>Comment about Evander Holt</p:text></p:cm>"
                + "<p:cm authorId=\"0\" idx=\"2\"><p:pos x=\"0\" y=\"0\"/><p:text>second comment</p:text></p:cm></p:cmLst>");
            var second = presentation.AddNewPart<SlidePart>();
            Write(second, $"<p:sld {DrawingNamespaces}><p:cSld><p:spTree>{tree}{Shape(Ap("Slide two"))}</p:spTree></p:cSld></p:sld>");
            Write(presentation, $"<p:presentation {DrawingNamespaces}><p:sldIdLst>"
                + $"<p:sldId id=\"256\" r:id=\"{presentation.GetIdOfPart(slide)}\"/>"
                + $"<p:sldId id=\"258\" r:id=\"{presentation.GetIdOfPart(second)}\"/></p:sldIdLst></p:presentation>");
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Indented XML as hand-edited or converted files have it, with the loading rules the SDK applies: a w:t keeps
    /// only its first text node (CDATA and whitespace count, a comment ends it), an unknown element's text is not
    /// Word text but is part of a shared or inline string's InnerText.
    /// </summary>
    public static byte[] IndentedDocx()
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            Write(document.AddMainDocumentPart(), $"<w:document {Namespaces}><w:body>" + """

                  <w:p>
                    <w:pPr>
                      <w:pStyle w:val="x"/>
                    </w:pPr>
                    <w:r>
                      <w:t>Hello Fenna Oster</w:t>
                      <w:t>   </w:t>
                      <w:tab/>
                      <w:t><![CDATA[cdata <text>]]></w:t>
                      <w:t>a<!-- c -->b</w:t>
                    </w:r>
                    <w:unknownThing><w:t>in unknown</w:t></w:unknownThing>
                    <w:r><w:t xml:space="preserve">  </w:t></w:r>
                  </w:p>
                  <w:tbl>
                    <w:tr>
                      <w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc>
                      <w:tc>
                        <w:p/>
                      </w:tc>
                    </w:tr>
                    <w:tr/>
                  </w:tbl>
                  <w:p/>

                """ + "</w:body></w:document>");
        }
        return buffer.ToArray();
    }

    /// <inheritdoc cref="IndentedDocx"/>
    public static byte[] IndentedXlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            Write(workbook.AddNewPart<SharedStringTablePart>(), $"<sst {SheetNamespaces}>" + """

                  <si>
                    <t>pretty Ulla Brandt</t>
                  </si>
                  <si><t>a</t><x:ext xmlns:x="urn:example">ext text</x:ext><t>b</t></si>
                </sst>
                """);
            var sheet = workbook.AddNewPart<WorksheetPart>();
            Write(sheet, $"<worksheet {SheetNamespaces}>" + """

                  <sheetData>
                    <row r="1">
                      <c r="A1" t="s">
                        <v>0</v>
                      </c>
                      <c r="B1" t="s"><v>1</v></c>
                      <c r="C1" t="inlineStr"><is>
                        <t>inline</t> <r><t> rich</t></r><foo>unknown text</foo></is></c>
                      <c r="D1" t="str"><f>X</f><v>formula</v><v>second v</v></c>
                    </row>
                    <row/>
                    <row r="3"><c r="A3" t="d"><v>2025-01-01T00:00:00</v></c></row>
                  </sheetData>
                </worksheet>
                """);
            Write(workbook, $"<workbook {SheetNamespaces}><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"{workbook.GetIdOfPart(sheet)}\"/></sheets></workbook>");
        }
        return buffer.ToArray();
    }

    private static void Write(OpenXmlPart part, string xml)
    {
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" + xml);
        stream.Write(bytes);
    }
}
