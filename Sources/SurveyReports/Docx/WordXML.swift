import SurveyCore

/// Small builders for WordprocessingML (ECMA-376) fragments: runs, paragraphs, tables, sections.
/// Text is escaped here and nowhere else; characters XML 1.0 cannot carry are dropped.
enum WordXML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out += " "
            default:
                // XML 1.0 allows no other control characters.
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A run of text in `font` (East Asian and Latin alike) at `halfPoints` size.
    static func run(_ text: String, font: String, halfPoints: Int, bold: Bool = false) -> String {
        let fonts = "<w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\" w:cs=\"\(font)\"/>"
        return "<w:r><w:rPr>\(fonts)\(bold ? "<w:b/>" : "")<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/></w:rPr>"
            + "<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
    }

    enum Alignment: String { case left, center, right, both }

    /// A paragraph. `indentChars` indents the first line by that many characters (公文 body: 2);
    /// `lineTwips` fixes the line pitch (28 pt is 560).
    static func paragraph(
        _ runs: String, alignment: Alignment = .both, indentChars: Int = 0, rightIndentChars: Int = 0, lineTwips: Int? = 560,
        style: String? = nil, keepNext: Bool = false, pageBreakBefore: Bool = false
    ) -> String {
        var properties = style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? ""
        if keepNext { properties += "<w:keepNext/>" }
        if pageBreakBefore { properties += "<w:pageBreakBefore/>" }
        if let lineTwips { properties += "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"\(lineTwips)\" w:lineRule=\"exact\"/>" }
        // In characters for Word and WPS, and in twips (at 16 pt) for readers that ignore characters;
        // always written, so that no indent means none (the 主送 line is flush left), not Normal's two.
        properties +=
            "<w:ind w:firstLineChars=\"\(indentChars * 100)\" w:firstLine=\"\(indentChars * 320)\" "
            + "w:rightChars=\"\(rightIndentChars * 100)\" w:right=\"\(rightIndentChars * 320)\"/>"
        properties += "<w:jc w:val=\"\(alignment.rawValue)\"/>"
        return "<w:p><w:pPr>\(properties)</w:pPr>\(runs)</w:p>"
    }

    /// A table with a header row repeated on every page, thin borders, and column widths in twips;
    /// a long row continues on the next page rather than leaving the rest of this one empty.
    static func table(header: [String], rows: [[String]], widths: [Int], font: String, halfPoints: Int) -> String {
        func cell(_ text: String, width: Int, bold: Bool) -> String {
            // Header cells: 黑体, centred; body cells: the table's font, left; single-spaced and not
            // indented (style TableText), whatever the body text's 公文 settings.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                paragraph(
                    run(String($0), font: bold ? "黑体" : font, halfPoints: halfPoints), alignment: bold ? .center : .left, lineTwips: nil,
                    style: "TableText")
            }
            return "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>\(lines.joined())</w:tc>"
        }
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
        var xml =
            "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>"
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(border)/>" }.joined()
            + "</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        xml += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        xml +=
            "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
            + zip(header, widths).map { cell($0, width: $1, bold: true) }.joined() + "</w:tr>"
        for values in rows {
            xml += "<w:tr>" + zip(values, widths).map { cell($0, width: $1, bold: false) }.joined() + "</w:tr>"
        }
        return xml + "</w:tbl>"
    }

    /// The width between the margins of a landscape A4 page of `section(landscape: true, …)`.
    static let landscapeTextWidth = 16838 - 2 * 1134

    /// Section properties: A4 portrait or landscape with 公文 margins (GB/T 9704: top 37 mm, bottom
    /// 35 mm, left 28 mm, right 26 mm) and the page-number footers (odd pages, even pages).
    static func section(landscape: Bool, restartNumbering: Bool) -> String {
        let size = landscape ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>" : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        let margins =
            landscape
            ? "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
            : "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1134\" w:gutter=\"0\"/>"
        return
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\(size)\(margins)\(restartNumbering ? "<w:pgNumType w:start=\"1\"/>" : "")</w:sectPr>"
    }
}
