package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PreparationBudget;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Before PDFBox reads a page, every non-image stream the page can make it decode (content, forms, Type 3
 * glyphs, patterns, fonts, colour profiles, functions, annotation appearances) is inflated into a counter, and
 * the total is held to {@link DocumentLimits#MAX_DECODED_STREAM_BYTES}. Image streams are checked when they are
 * drawn ({@link PdfImageCheck}), because only rendered pages decode them.
 *
 * <p>The walk follows what a page uses and not the links that lead elsewhere in the document (parents,
 * actions, outlines, structure), so its cost follows the pages prepared, not the whole file.
 */
final class PdfStreamCheck {

    /** Keys that point away from what drawing the page uses. */
    private static final Set<COSName> NOT_FOLLOWED = Set.of(COSName.PARENT, COSName.P, COSName.PG, COSName.DEST,
            COSName.A, COSName.AA, COSName.NEXT, COSName.PREV, COSName.FIRST, COSName.LAST, COSName.POPUP,
            COSName.IRT, COSName.METADATA, COSName.STRUCT_PARENT, COSName.STRUCT_PARENTS);

    private PdfStreamCheck() {}

    static void check(List<PDPage> pages, PreparationBudget budget) throws IOException {
        Set<COSBase> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSBase> stack = new ArrayDeque<>();
        for (PDPage page : pages) {
            COSDictionary pageDictionary = page.getCOSObject();
            push(stack, pageDictionary.getDictionaryObject(COSName.CONTENTS));
            push(stack, pageDictionary.getDictionaryObject(COSName.ANNOTS));
            push(stack, pageDictionary.getDictionaryObject(COSName.GROUP));
            if (page.getResources() != null) { // inherited from the tree when the page has none of its own
                push(stack, page.getResources().getCOSObject());
            }
            while (!stack.isEmpty()) {
                COSBase next = stack.pop();
                if (!visited.add(next)) {
                    continue;
                }
                if (visited.size() > DocumentLimits.MAX_OBJECTS_REACHED) {
                    throw new DocumentRefusedException("MAX_OBJECTS_REACHED", "the PDF's pages use more than "
                            + DocumentLimits.MAX_OBJECTS_REACHED + " objects");
                }
                budget.checkTime();
                if (next instanceof COSStream stream && !isImage(stream)) {
                    inflate(stream, budget);
                }
                if (next instanceof COSDictionary dictionary) {
                    for (COSName key : dictionary.keySet()) {
                        if (!NOT_FOLLOWED.contains(key)) {
                            push(stack, dictionary.getDictionaryObject(key));
                        }
                    }
                } else if (next instanceof COSArray array) {
                    for (int i = 0; i < array.size(); i++) {
                        push(stack, array.getObject(i));
                    }
                }
            }
        }
    }

    private static void push(Deque<COSBase> stack, COSBase value) {
        COSBase resolved = value instanceof COSObject reference ? reference.getObject() : value;
        if (resolved instanceof COSDictionary || resolved instanceof COSArray) {
            stack.push(resolved);
        }
    }

    static boolean isImage(COSDictionary stream) {
        return COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE));
    }

    private static void inflate(COSStream stream, PreparationBudget budget) throws IOException {
        List<COSName> filters = PdfStreams.filters(stream);
        if (PdfStreams.firstCodec(filters) < filters.size()) {
            // Only images may use an image codec; PDFBox would run the codec on it all the same.
            throw DocumentRefusedException.unreadable("the PDF has a non-image stream encoded as an image");
        }
        long left = budget.decodedBytesLeft();
        budget.decodedBytes(PdfStreams.decodedLength(stream, left, () -> tooMuch()));
    }

    private static DocumentRefusedException tooMuch() {
        return new DocumentRefusedException("MAX_DECODED_STREAM_BYTES", "the PDF's page streams inflate to more"
                + " than " + (DocumentLimits.MAX_DECODED_STREAM_BYTES >> 20) + " MiB; at most "
                + (DocumentLimits.MAX_DECODED_STREAM_BYTES >> 20) + " MiB are accepted");
    }
}
