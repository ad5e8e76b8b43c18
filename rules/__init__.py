"""cscheck's rules: one small module per rule, listed here explicitly.

Nothing registers itself on import. To add a rule, write its module (copy the shape of a
neighbour), add it to ``ALL_RULES`` in code order, give it a test module under ``tests/rules/``,
and regenerate ``rules/README.md`` with ``cscheck rules --output-format markdown``.
"""

from rules.anchor_case import AnchorCase
from rules.binary_file import BinaryFile
from rules.blob_image_url import BlobImageUrl
from rules.broken_anchor import BrokenAnchor
from rules.broken_file_anchor import BrokenFileAnchor
from rules.broken_heading import BrokenHeading
from rules.broken_image import BrokenImage
from rules.broken_link import BrokenLink
from rules.broken_remote_image import BrokenRemoteImage
from rules.broken_remote_link import BrokenRemoteLink
from rules.duplicate_question import DuplicateQuestion
from rules.empty_answer import EmptyAnswer
from rules.empty_question import EmptyQuestion
from rules.expiring_url import ExpiringUrl
from rules.file_too_large import FileTooLarge
from rules.hotlink_image import HotlinkImage
from rules.image_not_rendered import ImageNotRendered
from rules.insecure_image import InsecureImage
from rules.known_error import KnownError
from rules.link_not_rendered import LinkNotRendered
from rules.machine_path import MachinePath
from rules.merge_conflict import MergeConflict
from rules.misspelled_term import MisspelledTerm
from rules.moved_url import MovedUrl
from rules.obsidian_embed import ObsidianEmbed
from rules.private_address import PrivateAddress
from rules.unanswered_question_list import UnansweredQuestionList
from rules.undecodable_file import UndecodableFile
from rules.unreadable_file import UnreadableFile
from rules.unused_suppression import UnusedSuppressionRule

ALL_RULES = (
    UndecodableFile,
    BinaryFile,
    UnreadableFile,
    FileTooLarge,
    MergeConflict,
    BrokenHeading,
    EmptyAnswer,
    EmptyQuestion,
    DuplicateQuestion,
    UnansweredQuestionList,
    BrokenImage,
    BrokenLink,
    ImageNotRendered,
    MachinePath,
    BlobImageUrl,
    LinkNotRendered,
    ObsidianEmbed,
    ExpiringUrl,
    HotlinkImage,
    PrivateAddress,
    InsecureImage,
    BrokenRemoteImage,
    BrokenRemoteLink,
    MovedUrl,
    BrokenAnchor,
    AnchorCase,
    BrokenFileAnchor,
    KnownError,
    MisspelledTerm,
    UnusedSuppressionRule,
)

__all__ = ["ALL_RULES"]
