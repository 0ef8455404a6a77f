<?xml version="1.0" encoding="UTF-8"?>
<!--
  auction-report.xsl: the xalan workload's transformation of an XMark-style
  auction document into an HTML report. Like the transformations xalancbmk
  runs, it sorts, groups with keys (Muenchian grouping), counts, sums and
  builds strings, so the processor allocates many small nodes and strings.
  Written for ngbench; XSLT 1.0 only.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" indent="yes"/>

  <xsl:key name="person" match="person" use="@id"/>
  <xsl:key name="item" match="item" use="@id"/>
  <xsl:key name="items-in-category" match="item" use="incategory/@category"/>
  <xsl:key name="people-by-country" match="person" use="address/country"/>
  <xsl:key name="sales-by-seller" match="closed_auction" use="seller/@person"/>
  <xsl:key name="bids-by-person" match="bidder" use="personref/@person"/>
  <xsl:key name="items-by-location" match="item" use="location"/>

  <xsl:template match="/site">
    <html>
      <head><title>Auction report</title></head>
      <body>
        <xsl:call-template name="summary"/>
        <xsl:call-template name="categories"/>
        <xsl:call-template name="countries"/>
        <xsl:call-template name="sellers"/>
        <xsl:call-template name="open-auctions"/>
        <xsl:call-template name="locations"/>
        <xsl:call-template name="keywords"/>
      </body>
    </html>
  </xsl:template>

  <!-- Counts and sums over the whole site. -->
  <xsl:template name="summary">
    <h1>Summary</h1>
    <table>
      <tr><td>people</td><td><xsl:value-of select="count(people/person)"/></td></tr>
      <tr><td>items</td><td><xsl:value-of select="count(regions/*/item)"/></td></tr>
      <tr><td>featured items</td><td><xsl:value-of select="count(regions/*/item[@featured='yes'])"/></td></tr>
      <tr><td>open auctions</td><td><xsl:value-of select="count(open_auctions/open_auction)"/></td></tr>
      <tr><td>bids</td><td><xsl:value-of select="count(open_auctions/open_auction/bidder)"/></td></tr>
      <tr><td>closed sales total</td>
          <td><xsl:value-of select="format-number(sum(closed_auctions/closed_auction/price), '0.00')"/></td></tr>
      <tr><td>mean income</td>
          <td><xsl:value-of select="format-number(sum(people/person/profile/@income) div count(people/person/profile), '0.00')"/></td></tr>
    </table>
    <xsl:for-each select="regions/*">
      <p><xsl:value-of select="concat(name(), ': ', count(item), ' items, ', sum(item/quantity), ' units')"/></p>
    </xsl:for-each>
  </xsl:template>

  <!-- Every category, by name, with the items filed under it (a key lookup). -->
  <xsl:template name="categories">
    <h1>Categories</h1>
    <xsl:for-each select="categories/category">
      <xsl:sort select="name"/>
      <xsl:sort select="@id"/>
      <xsl:variable name="items" select="key('items-in-category', @id)"/>
      <h2><xsl:value-of select="concat(translate(name, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), ' (', count($items), ')')"/></h2>
      <ul>
        <xsl:for-each select="$items">
          <xsl:sort select="name"/>
          <xsl:sort select="@id"/>
          <xsl:if test="position() &lt;= 20">
            <li><xsl:value-of select="concat(@id, ' ', name, ' [', location, ']')"/></li>
          </xsl:if>
        </xsl:for-each>
      </ul>
    </xsl:for-each>
  </xsl:template>

  <!-- Muenchian grouping of people by country: count, mean age, names. -->
  <xsl:template name="countries">
    <h1>People by country</h1>
    <xsl:for-each select="people/person[address][generate-id() = generate-id(key('people-by-country', address/country)[1])]">
      <xsl:sort select="address/country"/>
      <xsl:variable name="group" select="key('people-by-country', address/country)"/>
      <h2><xsl:value-of select="address/country"/></h2>
      <p>
        <xsl:value-of select="concat(count($group), ' people; ', count($group[profile/business = 'Yes']), ' in business; mean age ')"/>
        <xsl:choose>
          <xsl:when test="count($group/profile/age) &gt; 0">
            <xsl:value-of select="format-number(sum($group/profile/age) div count($group/profile/age), '0.0')"/>
          </xsl:when>
          <xsl:otherwise>n/a</xsl:otherwise>
        </xsl:choose>
      </p>
      <p>
        <xsl:for-each select="$group">
          <xsl:sort select="substring-after(name, ' ')"/>
          <xsl:sort select="@id"/>
          <xsl:if test="position() &lt;= 30">
            <xsl:value-of select="concat(substring(name, 1, 1), '. ', substring-after(name, ' '), '; ')"/>
          </xsl:if>
        </xsl:for-each>
      </p>
    </xsl:for-each>
  </xsl:template>

  <!-- Sellers ranked by the sum of their closed sales (key lookups per person). -->
  <xsl:template name="sellers">
    <h1>Top sellers</h1>
    <table>
      <xsl:for-each select="people/person[key('sales-by-seller', @id)]">
        <xsl:sort select="sum(key('sales-by-seller', @id)/price)" data-type="number" order="descending"/>
        <xsl:sort select="@id"/>
        <xsl:if test="position() &lt;= 200">
          <xsl:variable name="sales" select="key('sales-by-seller', @id)"/>
          <tr>
            <td><xsl:value-of select="name"/></td>
            <td><xsl:value-of select="substring-after(emailaddress, 'mailto:')"/></td>
            <td><xsl:value-of select="count($sales)"/></td>
            <td><xsl:value-of select="format-number(sum($sales/price), '0.00')"/></td>
            <td><xsl:value-of select="count(key('bids-by-person', @id))"/></td>
          </tr>
        </xsl:if>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- Open auctions by current price, with bidders' names built into one string. -->
  <xsl:template name="open-auctions">
    <h1>Open auctions</h1>
    <xsl:for-each select="open_auctions/open_auction">
      <xsl:sort select="current" data-type="number" order="descending"/>
      <xsl:sort select="@id"/>
      <xsl:if test="position() &lt;= 500">
        <p>
          <xsl:value-of select="concat(@id, ': ', key('item', itemref/@item)/name, ' at ', current, ' from ', initial, ' by ', key('person', seller/@person)/name)"/>
          <xsl:text> bidders: </xsl:text>
          <xsl:for-each select="bidder">
            <xsl:value-of select="concat(key('person', personref/@person)/name, '+', increase)"/>
            <xsl:if test="position() != last()">, </xsl:if>
          </xsl:for-each>
        </p>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Items grouped by location (Muenchian), with quantities summed. -->
  <xsl:template name="locations">
    <h1>Items by location</h1>
    <table>
      <xsl:for-each select="regions/*/item[generate-id() = generate-id(key('items-by-location', location)[1])]">
        <xsl:sort select="count(key('items-by-location', location))" data-type="number" order="descending"/>
        <xsl:sort select="location"/>
        <xsl:variable name="here" select="key('items-by-location', location)"/>
        <tr>
          <td><xsl:value-of select="location"/></td>
          <td><xsl:value-of select="count($here)"/></td>
          <td><xsl:value-of select="sum($here/quantity)"/></td>
          <td><xsl:value-of select="count($here[payment = 'Cash'])"/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- Marked-up words in closed auctions' annotations, and text lengths. -->
  <xsl:template name="keywords">
    <h1>Closed auction notes</h1>
    <xsl:for-each select="closed_auctions/closed_auction">
      <xsl:sort select="string-length(annotation/description/text)" data-type="number" order="descending"/>
      <xsl:sort select="price" data-type="number"/>
      <xsl:if test="position() &lt;= 300">
        <p>
          <xsl:value-of select="concat(key('person', buyer/@person)/name, ' paid ', price, ' (', annotation/happiness, '/10): ')"/>
          <xsl:for-each select="annotation/description/text/*">
            <xsl:value-of select="concat('[', name(), ':', normalize-space(.), ']')"/>
          </xsl:for-each>
          <xsl:value-of select="concat(' words=', string-length(normalize-space(annotation/description/text)) - string-length(translate(normalize-space(annotation/description/text), ' ', '')) + 1)"/>
        </p>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
