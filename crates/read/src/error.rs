//! Why a document could not be read.

use thiserror::Error;

/// A document that cannot be read as a report; the message says what and where.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("无法读取文件 {0}：{1}")]
    Io(String, String),
    /// The file is empty or only whitespace.
    #[error("文件为空，没有可读取的内容")]
    Empty,
    /// The file holds binary data.
    #[error("文件是二进制数据（第 {offset} 字节处为 NUL），不是文本、HTML 或受支持的文档格式")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// A kind of document this reader does not handle.
    #[error("不支持的文档类型：{0}")]
    Unsupported(String),
    /// The file exceeds the size limit.
    #[error("文件过大：{bytes} 字节，上限为 {limit} 字节")]
    TooLarge {
        /// Size of the input.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The bytes are not valid in any plausible Chinese encoding.
    #[error(
        "字符编码无效：按 {encoding} 解码时第 {offset} 字节处出现非法字节序列（已尝试声明的编码、UTF-8 和自动识别）"
    )]
    Encoding {
        /// The encoding tried last.
        encoding: String,
        /// Byte offset of the first malformed sequence.
        offset: usize,
    },
    /// A document package that is damaged or hostile.
    #[error("{0}")]
    Corrupt(String),
    /// The HTML ends inside a table.
    #[error(
        "HTML 文档不完整（可能被截断）：第 {table} 个表格没有结束标签 </table>，文件在第 {offset} 字节处结束"
    )]
    Truncated {
        /// 1-based index of the unclosed table.
        table: usize,
        /// Length of the input.
        offset: usize,
    },
    /// The document was read but holds none of the report's tables.
    #[error("未找到年度报告的统计表格（表二、表三、表四均未识别到）：{0}")]
    NoTables(String),
}
