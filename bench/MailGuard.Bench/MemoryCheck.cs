using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MailGuard.Scan.Extract;
using MimeKit;

namespace MailGuard.Bench;

/// <summary>
/// <c>--memory csv|xlsx|pdf [MB]</c>: how much one message with a large attachment adds to the process's peak
/// resident set while the Scan stage reads it from a file (as the relay reads its spool). Run one kind per process:
/// the peak (VmHWM) never goes down.
/// </summary>
public static class MemoryCheck
{
    public static int Run(string[] args)
    {
        EncodingSupport.EnsureRegistered();
        var kind = args.Length > 1 ? args[1] : "csv";
        var megabytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        if (args[0] == "--memory-write")
        {
            Write(args[3], kind, megabytes * 1024L * 1024);
            return 0;
        }
        var path = Path.Combine(Path.GetTempPath(), $"mailguard-memory-{Environment.ProcessId}.eml");
        try
        {
            // Another process writes the message, so building it does not raise this process's peak.
            using (var writer = Process.Start(Environment.ProcessPath!, [Environment.GetCommandLineArgs()[0], "--memory-write", kind, megabytes.ToString(CultureInfo.InvariantCulture), path]))
            {
                writer.WaitForExit();
            }
            var setup = new ScanSetup(LoadMessages.Set("dev"));
            GC.Collect();
            var before = PeakKilobytes();
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
            {
                var report = setup.Scanner.ScanAsync(file, null, CancellationToken.None).GetAwaiter().GetResult();
                Console.WriteLine($"verdict {report.Verdict.Name}; {report.Findings.Count} findings; problems: "
                    + string.Join("; ", report.Problems.Select(p => $"{p.Location}: {p.Reason}")));
            }
            var after = PeakKilobytes();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind} attachment, {new FileInfo(path).Length / 1048576.0:0.0} MB message: peak RSS {before / 1024.0:0} MB before, {after / 1024.0:0} MB after, +{(after - before) / 1024.0:0} MB"));
        }
        finally
        {
            File.Delete(path);
        }
        return 0;
    }

    private static long PeakKilobytes() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static void Write(string path, string kind, long size)
    {
        var (name, mediaType, content) = kind switch
        {
            "csv" => ("contacts.csv", "text/csv", Csv(size)),
            "xlsx" => ("report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Xlsx(size)),
            "pdf" => ("scan.pdf", "application/pdf", PdfLike(size)),
            _ => throw new ArgumentException($"unknown kind {kind}; use csv, xlsx or pdf"),
        };
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice Example", "alice@sakura-trading.example"));
        message.To.Add(new MailboxAddress("Bob Example", "bob@example.net"));
        message.Subject = "large attachment";
        var body = new BodyBuilder { TextBody = "The file is attached.\n\nAlice" };
        var attachment = (MimePart)body.Attachments.Add(name, content, ContentType.Parse(mediaType));
        // As mail clients send attachments, text ones included.
        attachment.ContentTransferEncoding = ContentEncoding.Base64;
        message.Body = body.ToMessageBody();
        using var file = File.Create(path);
        message.WriteTo(file);
    }

    // Rows of fictional contacts: every row has a name and a phone number in the 555-01xx range.
    private static byte[] Csv(long size)
    {
        var text = new StringBuilder("name,phone,city\n");
        for (var i = 0; text.Length < size; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Person Number{i % 1000},555-01{i % 100:00},Springfield\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    // A workbook with one small sheet and a large picture (stored, incompressible), as spreadsheets with photos are.
    private static byte[] Xlsx(long size)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string entryName, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
                writer.Write(xml);
            }
            Entry("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Entry("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Entry("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Entry("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>""");
            Entry("xl/worksheets/sheet1.xml", """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Rachel Simmons</t></is></c><c r="B1" t="inlineStr"><is><t>303-555-0145</t></is></c></row></sheetData></worksheet>""");
            using var image = zip.CreateEntry("xl/media/image1.png", CompressionLevel.NoCompression).Open();
            image.Write(Random(size));
        }
        return buffer.ToArray();
    }

    // A PDF header and then bytes no PDF reader can make sense of: the reader must give up without holding it all twice.
    private static byte[] PdfLike(long size)
    {
        var bytes = Random(size);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Random(long size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
