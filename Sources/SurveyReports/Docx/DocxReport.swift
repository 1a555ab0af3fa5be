import Foundation
import SurveyCore
import ZIPFoundation

/// Writes the self-inspection report (自查报告) as a Word document an office edits and hands up:
/// A4, 公文 fonts by name (方正小标宋简体 title, 黑体 and 楷体_GB2312 headings, 仿宋_GB2312 body; Word
/// and WPS substitute what a machine lacks), page numbers in the footer, and the 整改台账 as an annex
/// in a landscape section whose header row repeats on every page.
public enum DocxReport {
    /// Who the report is addressed to (主送) and who issues it (落款), when known.
    public struct Letterhead: Sendable {
        public var recipient: String?
        public var issuer: String?
        public init(recipient: String? = nil, issuer: String? = nil) {
            self.recipient = recipient
            self.issuer = issuer
        }
    }

    /// Writes the document to `path`.
    public static func write(_ data: ReportData, letterhead: Letterhead, to path: String, at now: Date) throws {
        try write(parts(data, letterhead: letterhead, at: now), to: path)
    }

    /// Zips a package's parts into `path`.
    static func write(_ parts: [(String, String)], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (name, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// The package's parts, by name.
    static func parts(_ data: ReportData, letterhead: Letterhead, at now: Date) -> [(String, String)] {
        package(title: data.title, body: body(data, letterhead: letterhead, at: now), at: now)
    }

    /// A document's parts around `body` (the `w:body` content, its last section included): the
    /// styles, the page-number footers and the properties every document of ours shares.
    static func package(title: String, body: String, at now: Date) -> [(String, String)] {
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let package = "http://schemas.openxmlformats.org/package/2006"
        let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006"
        let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        // Page numbers in 4号 宋体.
        let songti = "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr>"
        return [
            (
                "[Content_Types].xml",
                header + """
                    <Types xmlns="\(package)/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
                    <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
                    <Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
                    <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
                    <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
                    """
            ),
            (
                "_rels/.rels",
                header + """
                    <Relationships xmlns="\(package)/relationships">\
                    <Relationship Id="rId1" Type="\(officeDocument)/relationships/officeDocument" Target="word/document.xml"/>\
                    <Relationship Id="rId2" Type="\(package)/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
                    """
            ),
            (
                "docProps/core.xml",
                header + """
                    <cp:coreProperties xmlns:cp="\(package)/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" \
                    xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
                    <dc:title>\(WordXML.escape(title))</dc:title><dc:language>zh-CN</dc:language>\
                    <dcterms:created xsi:type="dcterms:W3CDTF">\(Timestamp.string(now))</dcterms:created></cp:coreProperties>
                    """
            ),
            (
                "word/_rels/document.xml.rels",
                header + """
                    <Relationships xmlns="\(package)/relationships">\
                    <Relationship Id="rIdStyles" Type="\(officeDocument)/relationships/styles" Target="styles.xml"/>\
                    <Relationship Id="rIdFooter" Type="\(officeDocument)/relationships/footer" Target="footer1.xml"/>\
                    <Relationship Id="rIdFooterEven" Type="\(officeDocument)/relationships/footer" Target="footer2.xml"/>\
                    <Relationship Id="rIdSettings" Type="\(officeDocument)/relationships/settings" Target="settings.xml"/></Relationships>
                    """
            ),
            (
                "word/styles.xml",
                header + """
                    <w:styles xmlns:w="\(main)"><w:docDefaults><w:rPrDefault><w:rPr>\
                    <w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/>\
                    <w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>\
                    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>\
                    <w:pPr><w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>\
                    <w:jc w:val="both"/></w:pPr></w:style>\
                    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/>\
                    <w:pPr><w:spacing w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>\
                    <w:rPr><w:rFonts w:ascii="方正小标宋简体" w:hAnsi="方正小标宋简体" w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>\
                    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
                    <w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>\
                    <w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/></w:rPr></w:style>\
                    <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
                    <w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>\
                    <w:rPr><w:rFonts w:ascii="楷体_GB2312" w:hAnsi="楷体_GB2312" w:eastAsia="楷体_GB2312"/></w:rPr></w:style>\
                    <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>\
                    <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/>\
                    <w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style></w:styles>
                    """
            ),
            // 页码 (GB/T 9704): 单页码居右空一字, 双页码居左空一字 (one 4号 character is 280 twips).
            ("word/footer1.xml", header + pageNumber(alignment: "right", indent: "w:right=\"280\"", main: main, songti: songti)),
            ("word/footer2.xml", header + pageNumber(alignment: "left", indent: "w:left=\"280\"", main: main, songti: songti)),
            ("word/settings.xml", header + "<w:settings xmlns:w=\"\(main)\"><w:evenAndOddHeaders/></w:settings>"),
            (
                "word/document.xml",
                header + "<w:document xmlns:w=\"\(main)\" xmlns:r=\"\(officeDocument)/relationships\"><w:body>"
                    + body + "</w:body></w:document>"
            ),
        ]
    }

    /// A footer with the page number as `— N —` in 4号 宋体, aligned and indented as given.
    static func pageNumber(alignment: String, indent: String, main: String, songti: String) -> String {
        """
        <w:ftr xmlns:w="\(main)"><w:p><w:pPr><w:ind \(indent)/><w:jc w:val="\(alignment)"/></w:pPr>\
        \(WordXML.run("— ", font: "宋体", halfPoints: 28))\
        <w:r>\(songti)<w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r>\(songti)<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r>\(songti)<w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r>\(songti)<w:t>1</w:t></w:r>\
        <w:r>\(songti)<w:fldChar w:fldCharType="end"/></w:r>\
        \(WordXML.run(" —", font: "宋体", halfPoints: 28))</w:p></w:ftr>
        """
    }

    /// The report's text, then the annex.
    static func body(_ data: ReportData, letterhead: Letterhead, at now: Date) -> String {
        func text(_ value: String, alignment: WordXML.Alignment = .both, indent: Int = 2) -> String {
            WordXML.paragraph(WordXML.run(value, font: "仿宋_GB2312", halfPoints: 32), alignment: alignment, indentChars: indent)
        }
        var xml = ""
        var notice = ""
        var masthead = ""
        if data.recipient == nil, let recipient = letterhead.recipient {
            xml += text(recipient + "：", alignment: .left, indent: 0)
        }
        for block in ReportOutline.blocks(data, at: now) {
            switch block {
            case .title(let title):
                let lines = ReportOutline.titleLines(title)
                let runs = lines.map { WordXML.run($0, font: "方正小标宋简体", halfPoints: 44) }.joined(separator: "<w:r><w:br/></w:r>")
                xml = WordXML.paragraph(runs, alignment: .center, lineTwips: 700, style: "Title") + WordXML.paragraph("", lineTwips: 560) + xml
            case .recipient(let recipient):
                xml += text((letterhead.recipient ?? recipient) + "：", alignment: .left, indent: 0)
            case .heading(let heading):
                xml += WordXML.paragraph(WordXML.run(heading, font: "黑体", halfPoints: 32), indentChars: 2, style: "Heading1", keepNext: true)
            case .subheading(let heading):
                xml += WordXML.paragraph(WordXML.run(heading, font: "楷体_GB2312", halfPoints: 32), indentChars: 2, style: "Heading2", keepNext: true)
            case .paragraph(let paragraph):
                xml += text(paragraph)
            case .masthead(let head):
                // 发文机关标志 in red 小标宋, centred; 发文字号 and 签发人 under it; a red line (GB/T 9704).
                masthead =
                    WordXML.paragraph(
                        "<w:r><w:rPr><w:rFonts w:ascii=\"方正小标宋简体\" w:hAnsi=\"方正小标宋简体\" w:eastAsia=\"方正小标宋简体\"/><w:color w:val=\"C00000\"/>"
                            + "<w:sz w:val=\"60\"/></w:rPr><w:t xml:space=\"preserve\">\(WordXML.escape(head.mark))</w:t></w:r>", alignment: .center,
                        lineTwips: 900)
                    + "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"4\" w:color=\"C00000\"/></w:pBdr><w:jc w:val=\"center\"/></w:pPr>"
                    + WordXML.run(ReportRenderer.mastheadLine(head), font: "仿宋_GB2312", halfPoints: 32) + "</w:p>"
            case .notice(let text):
                // Above the title, in red 黑体, so that no page of it passes for the office's own.
                notice =
                    "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"黑体\" w:hAnsi=\"黑体\" w:eastAsia=\"黑体\"/>"
                    + "<w:b/><w:color w:val=\"C00000\"/><w:sz w:val=\"24\"/></w:rPr><w:t xml:space=\"preserve\">\(WordXML.escape(text))</w:t></w:r></w:p>"
            case .signature(let issuer, let date):
                // 落款 and 成文日期 右空二字 (GB/T 9704), one blank line above.
                xml += WordXML.paragraph("", lineTwips: 560)
                for line in [letterhead.issuer ?? issuer, date].compactMap({ $0 }) {
                    xml += WordXML.paragraph(WordXML.run(line, font: "仿宋_GB2312", halfPoints: 32), alignment: .right, rightIndentChars: 2)
                }
            }
        }
        xml = notice + masthead + xml
        // The portrait section ends here; the annex is landscape.
        xml += "<w:p><w:pPr>\(WordXML.section(landscape: false, restartNumbering: true))</w:pPr></w:p>"
        xml += DocxAnnex.body(data, at: now)
        xml += WordXML.section(landscape: true, restartNumbering: false)
        return xml
    }
}
