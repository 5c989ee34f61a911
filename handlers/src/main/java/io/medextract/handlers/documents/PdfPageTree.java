package io.medextract.handlers.documents;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * The pages of a PDF in order, found by walking its page tree with an explicit stack: at most
 * {@link DocumentLimits#MAX_PDF_PAGES} pages and {@link DocumentLimits#MAX_PAGE_TREE_DEPTH} levels, every node
 * visited once (a tree whose kids point back up would otherwise be walked forever). PDFBox walks the tree by
 * recursion, so a tree nested thousands of levels deep ends its walk in a StackOverflowError.
 */
public final class PdfPageTree {

    private PdfPageTree() {}

    public static List<PDPage> pages(PDDocument document) {
        COSDictionary root = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
        if (root == null) {
            throw DocumentRefusedException.unreadable("the PDF has no page tree");
        }
        int declared = root.getInt(COSName.COUNT, -1);
        if (declared > DocumentLimits.MAX_PDF_PAGES) {
            throw tooManyPages("has " + declared + " pages");
        }
        List<PDPage> pages = new ArrayList<>();
        Set<COSDictionary> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(new Node(root, 1));
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            if (!visited.add(node.dictionary())) {
                throw DocumentRefusedException.unreadable("the PDF's page tree contains a node twice");
            }
            COSArray kids = node.dictionary().getCOSArray(COSName.KIDS);
            if (!isTreeNode(node.dictionary(), kids)) {
                pages.add(new PDPage(node.dictionary()));
                if (pages.size() > DocumentLimits.MAX_PDF_PAGES) {
                    throw tooManyPages("has more than " + DocumentLimits.MAX_PDF_PAGES + " pages");
                }
                continue;
            }
            if (node.depth() > DocumentLimits.MAX_PAGE_TREE_DEPTH) {
                throw new DocumentRefusedException("MAX_PAGE_TREE_DEPTH", "the PDF's page tree is nested more than "
                        + DocumentLimits.MAX_PAGE_TREE_DEPTH + " levels deep; at most "
                        + DocumentLimits.MAX_PAGE_TREE_DEPTH + " are accepted");
            }
            if (kids == null) {
                continue; // a /Pages node without kids holds no pages
            }
            for (int i = kids.size() - 1; i >= 0; i--) { // pushed in reverse: popped in document order
                COSBase kid = kids.getObject(i);
                if (kid instanceof COSDictionary child) {
                    stack.push(new Node(child, node.depth() + 1));
                }
            }
            if (stack.size() > DocumentLimits.MAX_OBJECTS_REACHED) {
                throw DocumentRefusedException.unreadable("the PDF's page tree is malformed");
            }
        }
        if (pages.isEmpty()) {
            throw DocumentRefusedException.unreadable("the PDF has no pages");
        }
        return List.copyOf(pages);
    }

    /** A page-tree node is typed /Pages, or (leniently, as PDFBox reads it) has kids. */
    private static boolean isTreeNode(COSDictionary dictionary, COSArray kids) {
        return COSName.PAGES.equals(dictionary.getCOSName(COSName.TYPE)) || kids != null;
    }

    private static DocumentRefusedException tooManyPages(String found) {
        return new DocumentRefusedException("MAX_PDF_PAGES", "the PDF " + found + "; at most "
                + DocumentLimits.MAX_PDF_PAGES + " are accepted (Claude reads at most "
                + DocumentLimits.MAX_PDF_PAGES + " pages of a PDF per request)");
    }

    private record Node(COSDictionary dictionary, int depth) {}
}
