import SurveyCore

/// Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records with the line
/// each starts on.
enum CSVRecords {
    struct Record: Equatable {
        var line: Int
        var fields: [String]
        /// A quoted field opened in this record never closed: it ran to the end of the file.
        var unclosedQuote = false
    }

    /// The error for a file whose quote opened and never closed, naming the line it opened on;
    /// nil when every quote closes. Such a file swallows its later rows into one field, so it is
    /// refused whole rather than read as fewer, stranger rows.
    static func unclosedQuoteError(in records: [Record]) -> String? {
        guard let record = records.last, record.unclosedQuote else { return nil }
        return "第 \(record.line) 行：引号未闭合（从这一行开始的带引号内容没有结束的引号），请检查该行"
    }

    static func split(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var characters = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return characters.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = following
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if quoted || !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields, unclosedQuote: quoted))
        }
        return records
    }
}
